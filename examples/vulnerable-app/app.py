"""Model-serving API for the demo. Deliberately vulnerable: Pyward's sample project."""
import json
import os
import pickle
import subprocess

import requests
import yaml
from flask import Flask, jsonify, request

from db import find_user, find_user_safely
from models.loader import load_classifier

app = Flask(__name__)
METRICS_URL = os.environ.get("METRICS_URL", "https://metrics.internal.example/ingest")


@app.post("/predict")
def predict():
    features = pickle.loads(request.data)  # Unsafe: the body is attacker-controlled.
    model = load_classifier(os.environ.get("MODEL_PATH", "model.pt"))
    return jsonify(prediction=model.predict([features]).tolist())


@app.post("/predict/json")
def predict_json():
    features = json.loads(request.data)  # Safe: JSON builds plain data only.
    model = load_classifier(os.environ.get("MODEL_PATH", "model.pt"))
    return jsonify(prediction=model.predict([features]).tolist())


@app.post("/config")
def upload_config():
    config = yaml.load(request.data)  # Unsafe: the default loader builds Python objects.
    app.config.update(config)
    return jsonify(ok=True)


@app.post("/config/safe")
def upload_config_safely():
    config = yaml.safe_load(request.data)
    app.config.update(config)
    return jsonify(ok=True)


@app.get("/calc")
def calc():
    expression = request.args.get("expr", "0")
    return jsonify(result=eval(expression))


@app.get("/calc/safe")
def calc_safely():
    import ast

    return jsonify(result=ast.literal_eval(request.args.get("expr", "0")))


@app.post("/hook")
def run_hook():
    code = request.form["code"]
    exec(code, {"__builtins__": {}})
    return jsonify(ok=True)


@app.get("/ping")
def ping():
    host = request.args.get("host", "localhost")
    out = subprocess.check_output(f"ping -c 1 {host}", shell=True)
    return out.decode()


@app.get("/ping/safe")
def ping_safely():
    host = request.args.get("host", "localhost")
    out = subprocess.run(["ping", "-c", "1", host], capture_output=True, check=False, timeout=10)
    return out.stdout.decode()


@app.post("/cleanup")
def cleanup():
    os.system("rm -rf /tmp/uploads/" + request.form["folder"])
    return jsonify(ok=True)


@app.get("/users/<name>")
def user(name):
    return jsonify(find_user(name) or find_user_safely(name))


@app.post("/report")
def report():
    payload = {"host": os.uname().nodename, "status": "ok"}
    requests.post(METRICS_URL, json=payload, verify=False, timeout=5)
    requests.post(METRICS_URL, json=payload)  # No timeout: a slow server hangs the worker.
    requests.post(METRICS_URL, json=payload, timeout=5)  # Safe.
    return jsonify(ok=True)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8000)
