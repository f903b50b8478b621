"""Turns at the CPU for the threads of one run.

A run's threads mostly wait on the network; what they do in between (reading a folder, hashing its
files, identifying texts, classifying) is CPU work that holds the GIL. Threads doing it side by side
only slice each other every few milliseconds, and slow the threads that just got an answer from the
network. So CPU work takes turns here: one thread at a time, the others waiting on this lock instead
of on the GIL. A fetch waiting on the network never holds it.
"""

from __future__ import annotations

import threading

CPU_TURN = threading.RLock()  # re-entrant: classification may call what also takes a turn
