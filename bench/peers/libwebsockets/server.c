/*
 * A broadcast server on libwebsockets (one service thread, the lws minimal-ws-server shape) speaking the
 * subset of Herald's protocol the benchmark uses.
 *
 * Per published message: the publish frame is scanned for "type", "channel" and the "data" value (a small
 * JSON skipper, no DOM), the message frame is written once into a shared ring slot with LWS_PRE headroom,
 * and every subscriber is asked for a WRITEABLE callback. In its WRITEABLE callback each subscriber writes
 * one message straight from the shared slot (lws_write puts the frame header in the headroom) and asks for
 * another callback while it is behind: the library's one-write-per-writeable rule. The ring is our own
 * (a sequence number per subscriber) rather than lws_ring, whose oldest-tail update scans every subscriber on
 * every consume (quadratic in subscribers per message). A subscriber more than 1 MiB (or the ring) behind
 * is killed, as Herald cuts a slow consumer. Pings: the vhost's retry_and_idle_policy sends a Ping after
 * 20 s without a valid Pong and hangs up after 30 s.
 *
 * cc -O2 server.c -o lws-server -lwebsockets ; ./lws-server <port>
 */
#define _GNU_SOURCE
#include <libwebsockets.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#define RING 8192
#define SEND_BUFFER_LIMIT (1 << 20)
#define MAX_FRAME (64 * 1024)

struct slot {
	unsigned char *buf; /* LWS_PRE + len */
	size_t len;
	unsigned long long seq;
};

struct pss {
	struct lws *wsi;
	struct pss *next; /* in the subscriber list */
	int subscribed;
	unsigned long long next_seq; /* next message to write */
	size_t pending_bytes;
	unsigned char *rx;
	size_t rx_len;
	struct reply *replies, *last_reply; /* replies to this client, in order */
};

struct reply {
	struct reply *next;
	size_t len;
	unsigned char buf[]; /* LWS_PRE + len */
};

static struct slot ring[RING];
static unsigned long long head_seq = 1; /* the next message's sequence */
static struct pss *subscribers;
static long offset;
static volatile int interrupted;

static void on_signal(int sig) { (void)sig; interrupted = 1; }

/* Index just past the JSON value starting at s[i] (after blanks), or -1 when malformed. */
static long skip_value(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
	if (i >= n) return -1;
	if (s[i] == '"') {
		for (i++; i < n; i++) {
			if (s[i] == '\\') i++;
			else if (s[i] == '"') return (long)i + 1;
		}
		return -1;
	}
	if (s[i] == '{' || s[i] == '[') {
		int depth = 0;
		for (; i < n; i++) {
			if (s[i] == '"') {
				long end = skip_value(s, n, i);
				if (end < 0) return -1;
				i = (size_t)end - 1;
			} else if (s[i] == '{' || s[i] == '[') depth++;
			else if (s[i] == '}' || s[i] == ']') {
				if (--depth == 0) return (long)i + 1;
			}
		}
		return -1;
	}
	while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ') i++;
	return (long)i;
}

/* The raw JSON text of a top-level member; *len 0 when absent. */
static const char *member(const char *s, size_t n, const char *name, size_t *len)
{
	char key[64];
	int k = snprintf(key, sizeof key, "\"%s\":", name);
	*len = 0;
	const char *at = memmem(s, n, key, (size_t)k);
	if (!at) return NULL;
	size_t start = (size_t)(at - s) + (size_t)k;
	long end = skip_value(s, n, start);
	if (end < 0) return NULL;
	while (start < (size_t)end && s[start] == ' ') start++;
	*len = (size_t)end - start;
	return s + start;
}

static void request_write(struct pss *p) { lws_callback_on_writable(p->wsi); }

static void queue_reply(struct pss *p, const char *text, size_t len)
{
	struct reply *r = malloc(sizeof *r + LWS_PRE + len);
	r->next = NULL;
	r->len = len;
	memcpy(r->buf + LWS_PRE, text, len);
	if (p->last_reply) p->last_reply->next = r;
	else p->replies = r;
	p->last_reply = r;
	request_write(p);
}

static void unlink_subscriber(struct pss *p)
{
	if (!p->subscribed) return;
	p->subscribed = 0;
	lws_start_foreach_llp(struct pss **, pp, subscribers) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	} lws_end_foreach_llp(pp, next);
}

static long long now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void publish(struct pss *from, const char *channel, size_t clen, const char *data, size_t dlen)
{
	char head[256];
	offset++;
	int h = snprintf(head, sizeof head,
			 "{\"type\":\"message\",\"channel\":%.*s,\"offset\":%ld,\"id\":\"00000000-0000-4000-8000-%012ld\",\"ts\":%lld,\"data\":",
			 (int)clen, channel, offset, offset, now_ms());
	size_t len = (size_t)h + dlen + 1;
	struct slot *s = &ring[head_seq % RING];
	free(s->buf);
	s->buf = malloc(LWS_PRE + len);
	memcpy(s->buf + LWS_PRE, head, (size_t)h);
	memcpy(s->buf + LWS_PRE + h, data, dlen);
	s->buf[LWS_PRE + len - 1] = '}';
	s->len = len;
	s->seq = head_seq++;

	struct pss **pp = &subscribers;
	while (*pp) {
		struct pss *p = *pp;
		if (p->pending_bytes + len > SEND_BUFFER_LIMIT || head_seq - p->next_seq > RING) {
			/* a slow consumer: unlinked now, killed by the service loop */
			fprintf(stderr, "event=cut cause=send_buffer pending=%zu\n", p->pending_bytes);
			*pp = p->next;
			p->subscribed = 0;
			lws_set_timeout(p->wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
			continue;
		}
		p->pending_bytes += len;
		request_write(p);
		pp = &p->next;
	}

	char ack[160];
	int n = snprintf(ack, sizeof ack,
			 "{\"type\":\"published\",\"channel\":%.*s,\"offset\":%ld,\"id\":\"00000000-0000-4000-8000-%012ld\"}",
			 (int)clen, channel, offset, offset);
	queue_reply(from, ack, (size_t)n);
}

static void handle_frame(struct pss *p, const char *s, size_t n)
{
	size_t tlen, clen, dlen;
	const char *type = member(s, n, "type", &tlen);
	const char *channel = member(s, n, "channel", &clen);
	char out[256];
	if (type && tlen == 11 && !memcmp(type, "\"subscribe\"", 11) && clen > 2 && clen < 200) {
		if (!p->subscribed) {
			p->subscribed = 1;
			p->next_seq = head_seq;
			p->pending_bytes = 0;
			p->next = subscribers;
			subscribers = p;
		}
		int k = snprintf(out, sizeof out,
				 "{\"type\":\"subscribed\",\"channel\":%.*s,\"offset\":%ld,\"epoch\":\"lws\",\"recovered\":false}",
				 (int)clen, channel, offset);
		queue_reply(p, out, (size_t)k);
	} else if (type && tlen == 9 && !memcmp(type, "\"publish\"", 9) && clen > 2 && clen < 200) {
		const char *data = member(s, n, "data", &dlen);
		if (!data || !dlen) {
			const char *e = "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"data is required\"}";
			queue_reply(p, e, strlen(e));
			return;
		}
		publish(p, channel, clen, data, dlen);
	} else if (type && tlen == 6 && !memcmp(type, "\"ping\"", 6)) {
		queue_reply(p, "{\"type\":\"pong\"}", 15);
	} else {
		const char *e = "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"unknown frame\"}";
		queue_reply(p, e, strlen(e));
	}
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct pss *p = (struct pss *)user;
	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: {
		char uri[128];
		if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) < 0 || strncmp(uri, "/v1/ws", 6))
			return 1;
		return 0;
	}
	case LWS_CALLBACK_ESTABLISHED:
		memset(p, 0, sizeof *p);
		p->wsi = wsi;
		return 0;
	case LWS_CALLBACK_CLOSED:
		unlink_subscriber(p);
		free(p->rx);
		p->rx = NULL;
		while (p->replies) {
			struct reply *r = p->replies;
			p->replies = r->next;
			free(r);
		}
		p->last_reply = NULL;
		return 0;
	case LWS_CALLBACK_RECEIVE:
		if (lws_frame_is_binary(wsi)) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_UNACCEPTABLE_OPCODE, NULL, 0);
			return -1;
		}
		if (p->rx_len + len > MAX_FRAME) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, NULL, 0);
			return -1;
		}
		if (!p->rx) p->rx = malloc(MAX_FRAME);
		memcpy(p->rx + p->rx_len, in, len);
		p->rx_len += len;
		if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
			handle_frame(p, (const char *)p->rx, p->rx_len);
			p->rx_len = 0;
		}
		return 0;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (p->replies) {
			struct reply *r = p->replies;
			int m = lws_write(wsi, r->buf + LWS_PRE, r->len, LWS_WRITE_TEXT);
			int short_write = m < (int)r->len;
			p->replies = r->next;
			if (!p->replies) p->last_reply = NULL;
			free(r);
			if (short_write) return -1;
			if (p->replies || (p->subscribed && p->next_seq < head_seq)) request_write(p);
			return 0;
		}
		if (!p->subscribed || p->next_seq >= head_seq) return 0;
		{
			struct slot *s = &ring[p->next_seq % RING];
			if (s->seq != p->next_seq) return -1; /* overwritten: it fell a whole ring behind */
			int m = lws_write(wsi, s->buf + LWS_PRE, s->len, LWS_WRITE_TEXT);
			if (m < (int)s->len) return -1;
			p->next_seq++;
			p->pending_bytes -= s->len;
			if (p->next_seq < head_seq) request_write(p);
		}
		return 0;
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
}

static const struct lws_protocols protocols[] = {
	{"herald", callback, sizeof(struct pss), 0, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0}};

static const lws_retry_bo_t keepalive = {
	.secs_since_valid_ping = 20,
	.secs_since_valid_hangup = 30,
};

int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	lws_set_log_level(LLL_ERR, NULL);
	info.port = argc > 1 ? atoi(argv[1]) : 7681;
	info.iface = "127.0.0.1";
	info.protocols = protocols;
	info.retry_and_idle_policy = &keepalive;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	struct lws_context *context = lws_create_context(&info);
	if (!context) {
		fprintf(stderr, "lws init failed\n");
		return 1;
	}
	printf("libwebsockets peer listening on 127.0.0.1:%d\n", info.port);
	fflush(stdout);
	int n = 0;
	while (n >= 0 && !interrupted)
		n = lws_service(context, 0);
	lws_context_destroy(context);
	return 0;
}
