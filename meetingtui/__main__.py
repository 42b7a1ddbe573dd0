"""``python -m meetingtui``."""

from meetingtui.cli import entry

if __name__ == "__main__":
    entry()
