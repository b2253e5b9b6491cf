#!/usr/bin/env python3
"""A loopback TCP proxy that emulates a WAN path and, optionally, a flaky S3 front end.

TCP mode (default): every byte is forwarded after a one-way delay (--delay-ms, applied in each
direction, so the round trip grows by twice that) and paced to a bandwidth cap per connection
(--rate) and in total (--total-rate), in bytes per second. The kernel's netem is not available
on the machines Ferry is tested on; this stands in for it.

HTTP mode (--http): requests are parsed (HTTP/1.1, Content-Length bodies), logged one line each
to --log as "METHOD TARGET STATUS BYTES", and faults are injected on requests whose
"METHOD TARGET" matches --fault-match: the first --fail-503 of them get "503 SlowDown", the next
--drop of them lose their connection after the request was read. Delay and caps apply too.

Only 127.0.0.1 is used. The chosen port is written to --port-file (or printed as "PORT n").
"""
import argparse
import asyncio
import re
import sys


class Pacer:
    """Serialises byte reservations at a fixed rate (bytes/s); rate 0 means unlimited."""

    def __init__(self, rate):
        self.rate = rate
        self.next = 0.0

    async def take(self, n):
        if self.rate <= 0:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        # The link is busy until self.next; these n bytes leave when it is free plus n/rate.
        self.next = max(self.next, now) + n / self.rate
        wait = self.next - now
        if wait > 0:
            await asyncio.sleep(wait)


class Link:
    """One direction of one connection: delay, then pace, then write."""

    def __init__(self, args, total):
        self.delay = args.delay_ms / 1000.0
        self.pacers = [Pacer(args.rate), total]
        self.queue = asyncio.Queue(maxsize=256)

    async def pump(self, reader, writer):
        loop = asyncio.get_running_loop()
        sender = asyncio.create_task(self._send(writer))
        try:
            while True:
                data = await reader.read(65536)
                await self.queue.put((loop.time() + self.delay, data))
                if not data:
                    break
        except (ConnectionError, OSError):
            await self.queue.put((loop.time(), b""))
        await sender

    async def _send(self, writer):
        loop = asyncio.get_running_loop()
        try:
            while True:
                due, data = await self.queue.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    break
                for pacer in self.pacers:
                    await pacer.take(len(data))
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            try:
                if writer.can_write_eof():
                    writer.write_eof()
            except (ConnectionError, OSError):
                pass


async def tcp_session(args, total_up, total_down, client_reader, client_writer):
    try:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", args.upstream_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(
        Link(args, total_up).pump(client_reader, up_writer),
        Link(args, total_down).pump(up_reader, client_writer),
    )
    for w in (up_writer, client_writer):
        try:
            w.close()
        except Exception:
            pass


class Faults:
    def __init__(self, args):
        self.match = re.compile(args.fault_match) if args.fault_match else None
        self.fail_503 = args.fail_503
        self.drop = args.drop

    def decide(self, line):
        if not self.match or not self.match.search(line):
            return None
        if self.fail_503 > 0:
            self.fail_503 -= 1
            return "503"
        if self.drop > 0:
            self.drop -= 1
            return "drop"
        return None


def parse_head(head):
    lines = head.decode("latin-1").split("\r\n")
    first = lines[0]
    headers = []
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers.append((name.strip(), value.strip()))
    return first, headers


def header(headers, name):
    for n, v in headers:
        if n.lower() == name:
            return v
    return None


async def send_paced(writer, data, pacers):
    for i in range(0, len(data), 65536):
        chunk = data[i:i + 65536]
        for p in pacers:
            await p.take(len(chunk))
        writer.write(chunk)
        await writer.drain()


async def http_session(args, total_up, total_down, faults, log, client_reader, client_writer):
    delay = args.delay_ms / 1000.0
    up_pacers = [Pacer(args.rate), total_up]
    down_pacers = [Pacer(args.rate), total_down]
    upstream = None
    try:
        while True:
            try:
                head = await client_reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
                break
            first, headers = parse_head(head)
            method, target = first.split(" ")[0], first.split(" ")[1]
            length = int(header(headers, "content-length") or 0)
            if (header(headers, "expect") or "").lower() == "100-continue":
                # Answer the interim response here and forward the request without it.
                client_writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                await client_writer.drain()
                kept = [h for h in head.split(b"\r\n") if not h.lower().startswith(b"expect:")]
                head = b"\r\n".join(kept)
            body = await client_reader.readexactly(length) if length else b""
            line = f"{method} {target}"
            fault = faults.decide(line)
            if fault == "drop":
                log(f"{line} DROP {length}")
                break
            if fault == "503":
                await asyncio.sleep(delay * 2)
                xml = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
                client_writer.write(b"HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\n"
                                    + f"Content-Length: {len(xml)}\r\n\r\n".encode() + xml)
                await client_writer.drain()
                log(f"{line} 503 {length}")
                continue
            await asyncio.sleep(delay)
            if upstream is None:
                upstream = await asyncio.open_connection("127.0.0.1", args.upstream_port)
            up_reader, up_writer = upstream
            up_writer.write(head)
            await send_paced(up_writer, body, up_pacers)
            rhead = await up_reader.readuntil(b"\r\n\r\n")
            status_line, rheaders = parse_head(rhead)
            status = int(status_line.split(" ")[1])
            rlen = header(rheaders, "content-length")
            no_body = method == "HEAD" or status in (204, 304) or 100 <= status < 200
            close_after = False
            if no_body:
                rbody = b""
            elif rlen is not None:
                rbody = await up_reader.readexactly(int(rlen))
            else:
                rbody = await up_reader.read(-1)
                close_after = True
            if (header(rheaders, "connection") or "").lower() == "close" or close_after:
                up_writer.close()
                upstream = None
            if close_after:
                rhead = rhead[:-2] + f"Content-Length: {len(rbody)}\r\n\r\n".encode()
            await asyncio.sleep(delay)
            client_writer.write(rhead)
            await send_paced(client_writer, rbody, down_pacers)
            log(f"{line} {status} {length}")
    except (ConnectionError, OSError, asyncio.IncompleteReadError):
        pass
    finally:
        for pair in ([upstream] if upstream else []):
            pair[1].close()
        try:
            client_writer.close()
        except Exception:
            pass


async def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--upstream-port", type=int, required=True)
    ap.add_argument("--listen-port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--delay-ms", type=float, default=0.0, help="one-way delay, ms (RTT grows by twice this)")
    ap.add_argument("--rate", type=float, default=0.0, help="per-connection cap, bytes/s per direction (0: none)")
    ap.add_argument("--total-rate", type=float, default=0.0, help="total cap, bytes/s per direction (0: none)")
    ap.add_argument("--http", action="store_true", help="parse HTTP requests: log them and inject faults")
    ap.add_argument("--log", help="HTTP mode: append one line per request here")
    ap.add_argument("--fault-match", help="HTTP mode: regex on 'METHOD TARGET' selecting requests to fault")
    ap.add_argument("--fail-503", type=int, default=0, help="HTTP mode: answer this many matches with 503 SlowDown")
    ap.add_argument("--drop", type=int, default=0, help="HTTP mode: then drop this many matching connections")
    args = ap.parse_args()

    total_up, total_down = Pacer(args.total_rate), Pacer(args.total_rate)
    log_file = open(args.log, "a", buffering=1) if args.log else None

    def log(text):
        if log_file:
            log_file.write(text + "\n")

    if args.http:
        faults = Faults(args)
        handler = lambda r, w: http_session(args, total_up, total_down, faults, log, r, w)
    else:
        handler = lambda r, w: tcp_session(args, total_up, total_down, r, w)
    server = await asyncio.start_server(handler, "127.0.0.1", args.listen_port, limit=1 << 20)
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(port))
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    else:
        print(f"PORT {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
