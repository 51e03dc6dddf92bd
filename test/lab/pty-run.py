"""Run a command on a pseudo-terminal, type KEYS once EXPECT appears, print {code, output, sent} as JSON.

Usage: pty-run.py EXPECT KEYS COMMAND...   (KEYS with Python escapes: '\\x03' is Ctrl-C, '\\x04' Ctrl-D)
Bounded: gives up after 30 s and kills the command.
"""
import json, os, pty, select, signal, sys, time

expect = sys.argv[1].encode()
keys = sys.argv[2].encode().decode('unicode_escape').encode('latin1')
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[3], sys.argv[3:])
out, sent, deadline = b'', False, time.time() + 30
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    if not sent and expect in out:
        time.sleep(0.3)
        os.write(fd, keys)
        sent = True
else:
    os.kill(pid, signal.SIGKILL)
_, status = os.waitpid(pid, 0)
print(json.dumps({'code': os.waitstatus_to_exitcode(status), 'output': out.decode('utf8', 'replace'), 'sent': sent}))
