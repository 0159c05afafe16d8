"""Runs a do-file through the stand-in in a process of its own, as ``stata -b do`` would, and prints what Stata showed.

Usage: ``python stata_batch.py <Stata package folder> <Python package src folder> < file.do``

The environment is the process's own, as Stata's is the one it was started
with: credentials and the API's URL come from there, the way a generated
package's README says. ``set debug on`` is in force, so the log holds what an
unexpected failure would print too. The report (JSON on stdout) lists each
command run with its return code and the lines it displayed (errors included),
then the global macros and ``r()`` the last command left.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

package, python_src = Path(sys.argv[1]), Path(sys.argv[2])
sys.path[:0] = [str(Path(__file__).parent), str(package), str(python_src)]

import sfi  # the stand-in, found through the path set above
import stata_do

session = sfi.standin.reset(debug=True)
run = stata_do.run_do(sys.stdin.read(), package)
report = {
    "rc": run.rc,
    "steps": [{"line": step.line, "rc": step.rc, "output": list(step.output)} for step in run.steps],
    "globals": session.globals,
    "returned": {name: str(value) for name, value in session.returned.items()},
}
print(json.dumps(report))
