"""Loading models and feature data: the usual ML deserialization traps."""
import joblib
import numpy as np
import torch
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM, AutoTokenizer


def load_classifier(path):
    return torch.load(path)  # Unsafe before torch 2.6: unpickles arbitrary objects.


def load_classifier_safely(path):
    return torch.load(path, weights_only=True)


def load_weights(path):
    return load_file(path)  # Safe: safetensors holds tensors only.


def load_features(path):
    return np.load(path, allow_pickle=True)


def load_features_safely(path):
    return np.load(path)


def load_pipeline(path):
    return joblib.load(path)


def load_llm(name):
    tokenizer = AutoTokenizer.from_pretrained(name)
    model = AutoModelForCausalLM.from_pretrained(name, trust_remote_code=True)
    return tokenizer, model


def load_llm_safely(name, revision):
    tokenizer = AutoTokenizer.from_pretrained(name, revision=revision)
    model = AutoModelForCausalLM.from_pretrained(name, revision=revision)
    return tokenizer, model
