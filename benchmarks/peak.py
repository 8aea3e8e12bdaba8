"""Peak resident memory of a command, measured without the benchmark's own size.

On Linux a child forked from a large process starts with that process's high-water mark, and
`getrusage(RUSAGE_CHILDREN)` in the parent reports it as the child's peak. So the command runs
under a small Python wrapper, which reads the peak of the processes it ran (the command and the
workers it waited for) and passes it back in a file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

_WRAPPER = (
    "import os, resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "with open(os.environ['BENCH_PEAK_FILE'], 'w') as fh:\n"
    "    fh.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def run_measured(args: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, float]:
    """subprocess.run(args, **kwargs) and the peak RSS in MB of the largest process the command ran."""
    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        env = {**(kwargs.pop("env", None) or os.environ), "BENCH_PEAK_FILE": str(peak_file)}
        done = subprocess.run([sys.executable, "-c", _WRAPPER, *args], env=env, **kwargs)
        peak_kb = int(peak_file.read_text()) if peak_file.is_file() else 0
    return done, peak_kb / 1024
