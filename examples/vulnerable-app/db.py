"""Database access for the demo service."""
import sqlite3

DATABASE = "app.db"


def connect():
    return sqlite3.connect(DATABASE)


def find_user(name):
    with connect() as connection:
        cursor = connection.cursor()
        cursor.execute(f"SELECT id, name, email FROM users WHERE name = '{name}'")
        return cursor.fetchone()


def find_user_safely(name):
    with connect() as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT id, name, email FROM users WHERE name = ?", (name,))
        return cursor.fetchone()


def delete_orders(user_id, status):
    with connect() as connection:
        query = "DELETE FROM orders WHERE user_id = %s AND status = '%s'" % (user_id, status)
        connection.execute(query)


def count_orders(user_id, status="open"):
    with connect() as connection:
        query = "SELECT COUNT(*) FROM orders WHERE user_id = ? AND status = ?"
        return connection.execute(query, (user_id, status)).fetchone()[0]
