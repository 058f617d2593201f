"""Never opened by the tests: only the workspace audit reports on it."""
import pickle


def restore(blob):
    return pickle.loads(blob)


def calculate(expression):
    return eval(expression)
