"""Tests for the demo service: safe code that must not be flagged."""
import json

import yaml

from app import app


def test_predict_json():
    client = app.test_client()
    response = client.post("/predict/json", data=json.dumps([1.0, 2.0]))
    assert response.status_code in (200, 500)


def test_config_is_safe_yaml():
    document = "threshold: 0.5\nlabels: [spam, ham]\n"
    assert yaml.safe_load(document)["threshold"] == 0.5
    assert yaml.load(document, Loader=yaml.SafeLoader)["labels"] == ["spam", "ham"]
