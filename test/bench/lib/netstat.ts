/**
 * The kernel's count of connections dropped because a listen queue was full
 * (`TcpExtListenOverflows`, as `nstat -az TcpExtListenOverflows` shows it), read from
 * /proc/net/netstat. It counts the whole network namespace (other work on the machine
 * too), so the bench reports the difference over a join storm. NaN where unavailable.
 */
import fs from 'node:fs';

export function listenOverflows(): number {
  try {
    const lines = fs
      .readFileSync('/proc/net/netstat', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('TcpExt:'));
    if (lines.length < 2) return NaN;
    const names = lines[0].split(/\s+/);
    const values = lines[1].split(/\s+/);
    const i = names.indexOf('ListenOverflows');
    return i > 0 ? Number(values[i]) : NaN;
  } catch {
    return NaN;
  }
}

/** The kernel's cap on any listen backlog (`net.core.somaxconn`); NaN where unavailable. */
export function somaxconn(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
  } catch {
    return NaN;
  }
}
