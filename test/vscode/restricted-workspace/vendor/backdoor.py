import os


def update(command):
    os.system(command)
