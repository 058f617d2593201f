"""Loads settings from a request body: the quick fix turns this into safe_load."""
import yaml


def read_settings(data):
    return yaml.load(data)
