/*
 * berth-relay: one long-lived exec per container that carries every relayed connection
 * of Berth's helper to TCP ports on the container's loopback, with half-close passed on
 * exactly both ways. Shell tools cannot do that (they cannot shut a socket down for
 * writing, and an exec stream has no end of file per direction), and an exec per
 * connection costs the engine ~100 ms each. The helper's side is relayMux.ts.
 *
 *   berth-relay            relay, speaking the protocol below on stdin and stdout
 *   berth-relay --version  print the version line
 *
 * Both directions carry frames: type (1 byte), connection id (4), payload length (4),
 * payload; numbers big-endian, payloads at most MAX_PAYLOAD bytes.
 *   'H'  relay -> helper, once at start: the version line.
 *   'O'  helper -> relay: open the connection to the 2-byte port in the payload.
 *   'D'  data for the other end.
 *   'S'  this side shut down writing: shutdown(SHUT_WR) / the client's end of file.
 *   'C'  credit: the 4-byte count of bytes of this connection the other side took in.
 *        Each side sends at most WINDOW bytes beyond what was credited, so one slow
 *        reader never holds up the others.
 *   'X'  the connection is gone. From the helper: close it. From the relay: its payload
 *        says why ("refused", "reset" or an error text).
 * A connection is done once both sides sent 'S', or either sent 'X'. End of stdin means
 * the helper is gone: the relay exits, and with it every connection closes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VERSION "berth-relay 2"
#define HEADER 9
#define MAX_PAYLOAD (64 * 1024)
#define WINDOW (1024 * 1024)
/* Stop reading servers while this much waits for the helper. */
#define OUTPUT_HIGH (4 * 1024 * 1024)

struct conn {
  uint32_t id;
  int fd;
  int connecting;    /* 0, or the address family being tried */
  int port;
  unsigned char *to_server; /* grows as needed, up to WINDOW: the helper never sends more uncredited */
  size_t start, end, size;
  uint32_t credit;   /* bytes the helper still takes from this server */
  int client_shut;   /* 'S' arrived: shut down writing once to_server drains */
  int sent_shut;
  int server_eof;
};

static struct conn **conns;
static size_t nconns, conns_cap;

/* Bytes for the helper, written out as stdout takes them. */
static unsigned char *out;
static size_t out_start, out_end, out_cap;

static void die(const char *why) {
  fprintf(stderr, "berth-relay: %s\n", why);
  exit(1);
}

static void *grow(void *p, size_t size) {
  p = realloc(p, size);
  if (!p) die("out of memory");
  return p;
}

static void put32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Appends a frame for the helper and returns where its payload goes. */
static unsigned char *frame(char type, uint32_t id, size_t length) {
  if (out_start > 0 && out_start == out_end) out_start = out_end = 0;
  if (out_end + HEADER + length > out_cap) {
    memmove(out, out + out_start, out_end - out_start);
    out_end -= out_start;
    out_start = 0;
    if (out_end + HEADER + length > out_cap) {
      out_cap = (out_end + HEADER + length) * 2;
      out = grow(out, out_cap);
    }
  }
  unsigned char *p = out + out_end;
  p[0] = (unsigned char)type;
  put32(p + 1, id);
  put32(p + 5, (uint32_t)length);
  out_end += HEADER + length;
  return p + HEADER;
}

static void frame_text(char type, uint32_t id, const char *text) {
  memcpy(frame(type, id, strlen(text)), text, strlen(text));
}

static void frame_credit(uint32_t id, uint32_t bytes) {
  put32(frame('C', id, 4), bytes);
}

static struct conn *find(uint32_t id) {
  for (size_t i = 0; i < nconns; i++)
    if (conns[i]->id == id) return conns[i];
  return NULL;
}

static void drop(struct conn *c) {
  if (c->fd >= 0) close(c->fd);
  free(c->to_server);
  for (size_t i = 0; i < nconns; i++)
    if (conns[i] == c) conns[i] = conns[--nconns];
  free(c);
}

/* The connection broke: tell the helper why, and forget it. */
static void gone(struct conn *c, const char *why) {
  frame_text('X', c->id, why);
  drop(c);
}

/* Starts a non-blocking connect: a server with a full accept queue must not stall the others. */
static int start_connect(struct conn *c, int family) {
  struct sockaddr_in v4 = {.sin_family = AF_INET, .sin_port = htons((uint16_t)c->port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  struct sockaddr_in6 v6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)c->port), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
  if (c->fd >= 0) close(c->fd);
  c->fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0) return errno;
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  int r = family == AF_INET ? connect(c->fd, (struct sockaddr *)&v4, sizeof v4) : connect(c->fd, (struct sockaddr *)&v6, sizeof v6);
  c->connecting = family;
  return r == 0 || errno == EINPROGRESS ? 0 : errno;
}

/* A connect finished (or failed at once): on to [::1] if 127.0.0.1 refused, else report. */
static void connected(struct conn *c, int error) {
  if (error == 0) {
    c->connecting = 0;
    return;
  }
  if (c->connecting == AF_INET && error == ECONNREFUSED) {
    int again = start_connect(c, AF_INET6);
    if (again == 0) return;
  }
  gone(c, error == ECONNREFUSED || c->connecting == AF_INET6 ? "refused" : strerror(error));
}

static void open_conn(uint32_t id, const unsigned char *payload, uint32_t length) {
  if (length != 2 || find(id)) die("bad open frame");
  struct conn *c = grow(NULL, sizeof *c);
  *c = (struct conn){.id = id, .fd = -1, .port = payload[0] << 8 | payload[1], .credit = WINDOW};
  if (nconns == conns_cap) {
    conns_cap = conns_cap ? conns_cap * 2 : 64;
    conns = grow(conns, conns_cap * sizeof *conns);
  }
  conns[nconns++] = c;
  int error = start_connect(c, AF_INET);
  if (error) connected(c, error);
}

/* Done both ways: the server's end of file went out, and our shutdown went in. */
static int finished(struct conn *c) {
  if (!(c->sent_shut && c->server_eof)) return 0;
  drop(c);
  return 1;
}

/* Writes what the helper sent to the server, credits it, and passes on the client's shutdown. */
static void to_server(struct conn *c) {
  if (c->connecting) return;
  size_t before = c->start;
  while (c->start < c->end) {
    ssize_t n = send(c->fd, c->to_server + c->start, c->end - c->start, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      gone(c, "reset");
      return;
    }
    c->start += (size_t)n;
  }
  if (c->start > before) frame_credit(c->id, (uint32_t)(c->start - before));
  if (c->start == c->end) c->start = c->end = 0;
  if (c->end == 0 && c->client_shut && !c->sent_shut) {
    shutdown(c->fd, SHUT_WR);
    c->sent_shut = 1;
    finished(c);
  }
}

static void from_server(struct conn *c) {
  size_t room = c->credit < MAX_PAYLOAD ? c->credit : MAX_PAYLOAD;
  unsigned char *payload = frame('D', c->id, room);
  ssize_t n = recv(c->fd, payload, room, 0);
  out_end -= HEADER + room; /* taken back, then written again with the real length */
  if (n < 0) {
    if (errno != EAGAIN && errno != EINTR) gone(c, "reset");
    return;
  }
  if (n == 0) {
    frame('S', c->id, 0);
    c->server_eof = 1;
    finished(c);
    return;
  }
  frame('D', c->id, (size_t)n);
  c->credit -= (uint32_t)n;
}

static void helper_frame(char type, uint32_t id, const unsigned char *payload, uint32_t length) {
  if (type == 'O') {
    open_conn(id, payload, length);
    return;
  }
  struct conn *c = find(id);
  if (!c) return; /* already gone; the helper learns it from our 'X' */
  if (type == 'D') {
    if (c->end + length > c->size) {
      memmove(c->to_server, c->to_server + c->start, c->end - c->start);
      c->end -= c->start;
      c->start = 0;
    }
    if (c->end + length > WINDOW) die("the helper sent beyond its credit");
    if (c->end + length > c->size) {
      /* Most clients send a request or two: start small. */
      c->size = c->size ? c->size * 2 : 16 * 1024;
      if (c->size < c->end + length) c->size = c->end + length;
      if (c->size > WINDOW) c->size = WINDOW;
      c->to_server = grow(c->to_server, c->size);
    }
    memcpy(c->to_server + c->end, payload, length);
    c->end += length;
    to_server(c);
  } else if (type == 'S') {
    c->client_shut = 1;
    to_server(c);
  } else if (type == 'C' && length == 4) {
    c->credit += get32(payload);
  } else if (type == 'X') {
    drop(c);
  } else {
    die("unknown frame from the helper");
  }
}

static unsigned char in[2 * (HEADER + MAX_PAYLOAD)];
static size_t in_end;

/* Reads what the helper sent and acts on every whole frame; returns 0 once stdin ends. */
static int from_helper(void) {
  ssize_t n = read(0, in + in_end, sizeof in - in_end);
  if (n == 0) return 0;
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  in_end += (size_t)n;
  size_t at = 0;
  while (in_end - at >= HEADER) {
    uint32_t length = get32(in + at + 5);
    if (length > MAX_PAYLOAD) die("frame too long");
    if (in_end - at < HEADER + length) break;
    helper_frame((char)in[at], get32(in + at + 1), in + at + HEADER, length);
    at += HEADER + length;
  }
  memmove(in, in + at, in_end - at);
  in_end -= at;
  return 1;
}

static void to_helper(void) {
  while (out_start < out_end) {
    ssize_t n = write(1, out + out_start, out_end - out_start);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return;
      exit(0); /* the helper is gone */
    }
    out_start += (size_t)n;
  }
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--version") == 0) {
    puts(VERSION);
    return 0;
  }
  if (argc != 1) die("usage: berth-relay [--version]");
  signal(SIGPIPE, SIG_IGN);
  fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
  fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK);
  frame_text('H', 0, VERSION);

  struct pollfd *fds = NULL;
  struct conn **polled = NULL;
  size_t fds_cap = 0;
  for (;;) {
    to_helper();
    if (fds_cap < nconns + 2) {
      fds_cap = (nconns + 2) * 2;
      fds = grow(fds, fds_cap * sizeof *fds);
      polled = grow(polled, fds_cap * sizeof *polled);
    }
    size_t nfds = 0;
    fds[nfds++] = (struct pollfd){.fd = 0, .events = POLLIN};
    fds[nfds++] = (struct pollfd){.fd = out_start < out_end ? 1 : -1, .events = POLLOUT};
    int output_room = out_end - out_start < OUTPUT_HIGH;
    for (size_t i = 0; i < nconns; i++) {
      struct conn *c = conns[i];
      short events = c->connecting || c->start < c->end ? POLLOUT : 0;
      if (!c->connecting && !c->server_eof && c->credit > 0 && output_room) events |= POLLIN;
      /* A socket polled for nothing would still report a hang-up, at once, forever. */
      if (!events) continue;
      polled[nfds] = c;
      fds[nfds++] = (struct pollfd){.fd = c->fd, .events = events};
    }
    if (poll(fds, nfds, -1) < 0) {
      if (errno == EINTR) continue;
      die(strerror(errno));
    }
    /* Sockets first: handling the helper's frames below may drop connections polled here. */
    for (size_t i = 2; i < nfds; i++) {
      struct conn *c = polled[i];
      short revents = fds[i].revents;
      if (!revents) continue;
      if (c->connecting) {
        int error = 0;
        socklen_t size = sizeof error;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &size);
        connected(c, error);
        if (!error) to_server(c);
        continue;
      }
      /* Reading first: it may finish the connection, after which c is gone. */
      if (revents & (POLLIN | POLLHUP | POLLERR) && fds[i].events & POLLIN) {
        int before = (int)nconns;
        from_server(c);
        if ((int)nconns < before) continue;
      }
      if (revents & (POLLOUT | POLLHUP | POLLERR) && fds[i].events & POLLOUT) to_server(c);
    }
    if (fds[0].revents && !from_helper()) return 0;
  }
}
