"""Background worker: pulls jobs from Redis and runs them."""
import json
import pickle
import subprocess

import redis

queue = redis.Redis(host="localhost", port=6379)


def next_job():
    raw = queue.blpop("jobs", timeout=30)
    if raw is None:
        return None
    return pickle.loads(raw[1])  # Anyone who can write to Redis runs code here.


def next_job_safely():
    raw = queue.blpop("jobs-json", timeout=30)
    return None if raw is None else json.loads(raw[1])


def convert(job):
    source, target = job["source"], job["target"]
    subprocess.run("ffmpeg -i {} {}".format(source, target), shell=True, check=True)


def convert_safely(job):
    subprocess.run(["ffmpeg", "-i", job["source"], job["target"]], check=True)


def run_plugin(job):
    exec(job["plugin_source"])


def main():
    while True:
        job = next_job()
        if job is None:
            continue
        if job.get("kind") == "convert":
            convert(job)
        elif job.get("kind") == "plugin":
            run_plugin(job)


if __name__ == "__main__":
    main()
