"""What the command-line tests share: running ``pkengine ARGV`` in the test's process."""

from pkengine import cli


def run(capsys, *argv):
    """Exit status, stdout and stderr of ``pkengine ARGV`` (argparse's own errors exit too)."""
    try:
        status = cli.main(list(argv))
    except SystemExit as done:
        status = done.code
    out, err = capsys.readouterr()
    return status, out, err
