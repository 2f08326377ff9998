"""Source of ``peak_rss_mb()``, prepended to scripts that tests run in a subprocess."""

PEAK_RSS_SOURCE = """
def peak_rss_mb():
    # VmHWM starts afresh at exec; ru_maxrss would include the forking pytest process.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
"""
