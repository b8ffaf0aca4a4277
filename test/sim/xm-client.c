/*
 * xm simulator daemon client in C: what test/sim/xm does with XM_SIM_DAEMON set,
 * at a fraction of bash's start-up cost (benchmarks start 50 at once). Same
 * protocol (contrib/xm-simulator.md, "Daemon mode"); the daemon does the work.
 * Built on demand by sim-daemon.mjs when a C compiler is there; bash is the fallback.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

extern char **environ;

static const char *addr_text = "";

/* The bash client's messages, word for word. */
static int unreachable(void) {
  fprintf(stderr, "Error: xm simulator: cannot reach the daemon at %s (XM_SIM_DAEMON)\n", addr_text);
  return 1;
}

/* A growing request buffer of NUL-terminated fields. */
static char *req;
static size_t req_len, req_cap;

static void field(const char *s) {
  size_t n = strlen(s) + 1;
  if (req_len + n > req_cap) {
    req_cap = (req_len + n) * 2 + 4096;
    req = realloc(req, req_cap);
    if (!req) exit(1);
  }
  memcpy(req + req_len, s, n);
  req_len += n;
}

static void number(long v) {
  char b[32];
  snprintf(b, sizeof b, "%ld", v);
  field(b);
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Buffered reads from the daemon's socket. */
static char in[65536];
static size_t in_pos, in_len;

static int next_byte(int fd) {
  if (in_pos == in_len) {
    ssize_t r;
    do r = read(fd, in, sizeof in); while (r < 0 && errno == EINTR);
    if (r <= 0) return -1;
    in_pos = 0;
    in_len = (size_t)r;
  }
  return (unsigned char)in[in_pos++];
}

int main(int argc, char **argv) {
  const char *daemon = getenv("XM_SIM_DAEMON");
  if (!daemon || !*daemon) {
    fprintf(stderr, "Error: xm simulator: XM_SIM_DAEMON is not set; this client only talks to the daemon (use test/sim/xm)\n");
    return 1;
  }
  /* HOST:PORT/TOKEN */
  char host[256] = "";
  const char *slash = strchr(daemon, '/');
  const char *token = slash ? slash + 1 : "";
  size_t alen = slash ? (size_t)(slash - daemon) : strlen(daemon);
  static char addr_buf[300];
  snprintf(addr_buf, sizeof addr_buf, "%.*s", (int)alen, daemon);
  addr_text = addr_buf;
  const char *colon = strrchr(addr_buf, ':');
  if (!colon || colon - addr_buf >= (long)sizeof host) return unreachable();
  memcpy(host, addr_buf, (size_t)(colon - addr_buf));
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(colon + 1))};
  if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) return unreachable();
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) return unreachable();
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  char *cwd = getcwd(NULL, 0);
  field("xm-sim/1");
  field(token);
  number((long)getpid());
  field(cwd ? cwd : "/");
  long nenv = 0;
  for (char **e = environ; *e; e++)
    if (strncmp(*e, "XM_SIM_", 7) == 0 && strncmp(*e, "XM_SIM_DAEMON=", 14) != 0) nenv++;
  number(nenv);
  for (char **e = environ; *e; e++)
    if (strncmp(*e, "XM_SIM_", 7) == 0 && strncmp(*e, "XM_SIM_DAEMON=", 14) != 0) field(*e);
  number(argc - 1);
  for (int i = 1; i < argc; i++) field(argv[i]);
  if (write_all(fd, req, req_len) != 0) return unreachable();

  /* A closed stdout is ignored, as the simulator process ignores EPIPE. */
  signal(SIGPIPE, SIG_IGN);
  for (;;) {
    char kind[8], num[24];
    size_t k = 0, m = 0;
    int c;
    while ((c = next_byte(fd)) >= 0 && c != ' ' && k < sizeof kind - 1) kind[k++] = (char)c;
    if (c != ' ') break;
    while ((c = next_byte(fd)) >= 0 && c != '\n' && m < sizeof num - 1) num[m++] = (char)c;
    if (c != '\n') break;
    kind[k] = num[m] = 0;
    long n = strtol(num, NULL, 10);
    if (strcmp(kind, "x") == 0) return (int)n;
    int out = strcmp(kind, "1") == 0 ? 1 : strcmp(kind, "2") == 0 ? 2 : -1;
    if (out < 0 || n < 0) break;
    while (n > 0) {
      if (in_pos == in_len && next_byte(fd) >= 0) in_pos--;
      if (in_pos == in_len) break;
      size_t chunk = in_len - in_pos < (size_t)n ? in_len - in_pos : (size_t)n;
      write_all(out, in + in_pos, chunk);
      in_pos += chunk;
      n -= (long)chunk;
    }
    if (n > 0) break;
  }
  fprintf(stderr, "Error: xm simulator: the daemon at %s dropped the call\n", addr_text);
  return 1;
}
