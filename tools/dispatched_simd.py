"""Print the SIMD features numpy dispatches to on this CPU, space-separated.

``NPY_DISABLE_CPU_FEATURES="$(python tools/dispatched_simd.py)"`` makes numpy
run its baseline code paths, as on an older CPU: ``make nbval`` uses it for its
second run, so a stored output that depends on the CPU's SIMD code is caught.
"""

from __future__ import annotations

try:
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
except ImportError:  # numpy < 2
    from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__

print(" ".join(f for f in __cpu_dispatch__ if __cpu_features__.get(f)))
