"""Entry point: prints a greeting; `--check` is the smoke test dflab runs in each variant."""
import sys

from greet import greet


def main(argv: list[str]) -> int:
    if "--check" in argv:
        assert greet("dflab") == "hello, dflab"
        print(f"ok python {sys.version_info.major}.{sys.version_info.minor}")
        return 0
    print(greet(argv[1] if len(argv) > 1 else "world"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
