"""``python -m meetingtui``."""

from meetingtui.cli import main

if __name__ == "__main__":
    main()
