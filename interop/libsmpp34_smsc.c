/* libsmpp34_smsc.c - a minimal SMSC on Debian's libsmpp34 (the PDU pack/unpack library
 * from the osmocom project), which nobody on this project wrote. Every PDU the client
 * sends is unpacked by libsmpp34 (its unpack is strict about field lengths and C-octet
 * strings), logged with smpp34_dumpPdu2, and answered with PDUs libsmpp34 packed.
 *
 *   apt-get install -y libsmpp34-dev
 *   cc -Wall -o /tmp/libsmpp34_smsc interop/libsmpp34_smsc.c -lsmpp34
 *   /tmp/libsmpp34_smsc PORT [tlv]
 *
 * One connection: bind_transceiver -> OK; submit_sm -> submit_sm_resp with a HEX id,
 * then (if registered_delivery asks) a deliver_sm receipt, esm_class 0x04, Appendix B
 * text naming the id in DECIMAL; with "tlv", also receipted_message_id (hex) and
 * message_state. enquire_link and unbind are answered. Exit 0 when every PDU unpacked
 * and every deliver_sm_resp matched; 1 otherwise.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libsmpp34/smpp34.h>
#include <libsmpp34/smpp34_structs.h>
#include <libsmpp34/smpp34_params.h>

static int fd, failures, pending_dlr;
static uint32_t seq_out, next_id = 0x5E0F3A20;
static uint8_t buf[4096];
static char dump[16384];

static int readn(uint8_t *p, int n) {
	int got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

static void sendpdu(uint32_t type, void *pdu, const char *what) {
	int len = 0;
	if (smpp34_pack(type, buf, sizeof buf, &len, pdu) != 0) {
		fprintf(stderr, "libsmpp34: FAIL pack %s: %s\n", what, smpp34_strerror);
		exit(1);
	}
	if (write(fd, buf, len) != len) {
		perror("write");
		exit(1);
	}
	fprintf(stderr, "libsmpp34: -> %s (%d octets)\n", what, len);
}

#define UNPACK(TYPE, var)                                                              \
	do {                                                                               \
		memset(&var, 0, sizeof var);                                                   \
		if (smpp34_unpack(TYPE, &var, pdu, len) != 0) {                                \
			failures++;                                                                \
			fprintf(stderr, "libsmpp34: FAIL unpack " #TYPE ": %s\n", smpp34_strerror); \
			break;                                                                     \
		}                                                                              \
		memset(dump, 0, sizeof dump);                                                  \
		smpp34_dumpPdu2((uint8_t *)dump, sizeof dump, &var);                           \
		fprintf(stderr, "libsmpp34: <- " #TYPE " unpacked\n%s", dump);                 \
	} while (0)

static void receipt(submit_sm_t *s, const char *hexid, int with_tlv) {
	deliver_sm_t d;
	tlv_t t;
	char stamp[16];
	time_t now = time(NULL);
	strftime(stamp, sizeof stamp, "%y%m%d%H%M", localtime(&now));
	memset(&d, 0, sizeof d);
	d.command_id = DELIVER_SM;
	d.sequence_number = ++seq_out;
	d.source_addr_ton = s->dest_addr_ton;
	d.source_addr_npi = s->dest_addr_npi;
	snprintf((char *)d.source_addr, sizeof d.source_addr, "%s", (char *)s->destination_addr);
	d.dest_addr_ton = s->source_addr_ton;
	d.dest_addr_npi = s->source_addr_npi;
	snprintf((char *)d.destination_addr, sizeof d.destination_addr, "%s", (char *)s->source_addr);
	d.esm_class = 0x04;
	d.sm_length = snprintf((char *)d.short_message, sizeof d.short_message,
	    "id:%lu sub:001 dlvrd:001 submit date:%s done date:%s stat:DELIVRD err:000 text:",
	    strtoul(hexid, NULL, 16), stamp, stamp);
	if (with_tlv) {
		memset(&t, 0, sizeof t);
		t.tag = TLVID_receipted_message_id;
		t.length = strlen(hexid) + 1;
		memcpy(t.value.octet, hexid, t.length);
		build_tlv(&d.tlv, &t);
		memset(&t, 0, sizeof t);
		t.tag = TLVID_message_state;
		t.length = 1;
		t.value.val08 = 2;
		build_tlv(&d.tlv, &t);
	}
	sendpdu(DELIVER_SM, &d, "deliver_sm receipt");
	fprintf(stderr, "libsmpp34:    %.*s\n", d.sm_length, d.short_message);
	if (d.tlv)
		destroy_tlv(d.tlv);
	pending_dlr++;
}

int main(int argc, char **argv) {
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int one = 1, ln, with_tlv = argc > 2 && strcmp(argv[2], "tlv") == 0;
	if (argc < 2) {
		fprintf(stderr, "usage: %s PORT [tlv]\n", argv[0]);
		return 2;
	}
	a.sin_port = htons(atoi(argv[1]));
	ln = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ln, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(ln, (struct sockaddr *)&a, sizeof a) || listen(ln, 1)) {
		perror("listen");
		return 1;
	}
	fprintf(stderr, "libsmpp34: listening on 127.0.0.1:%s\n", argv[1]);
	fd = accept(ln, NULL, NULL);
	close(ln);
	for (;;) {
		uint8_t pdu[4096];
		uint32_t len, id, seq;
		if (readn(pdu, 4))
			break;
		len = ntohl(*(uint32_t *)pdu);
		if (len < 16 || len > sizeof pdu || readn(pdu + 4, len - 4)) {
			fprintf(stderr, "libsmpp34: FAIL bad command_length %u\n", len);
			failures++;
			break;
		}
		id = ntohl(*(uint32_t *)(pdu + 4));
		seq = ntohl(*(uint32_t *)(pdu + 12));
		switch (id) {
		case BIND_TRANSCEIVER: {
			bind_transceiver_t b;
			bind_transceiver_resp_t r;
			UNPACK(BIND_TRANSCEIVER, b);
			memset(&r, 0, sizeof r);
			r.command_id = BIND_TRANSCEIVER_RESP;
			r.sequence_number = seq;
			strcpy((char *)r.system_id, "libsmpp34");
			sendpdu(BIND_TRANSCEIVER_RESP, &r, "bind_transceiver_resp");
			break;
		}
		case SUBMIT_SM: {
			submit_sm_t s;
			submit_sm_resp_t r;
			UNPACK(SUBMIT_SM, s);
			memset(&r, 0, sizeof r);
			r.command_id = SUBMIT_SM_RESP;
			r.sequence_number = seq;
			snprintf((char *)r.message_id, sizeof r.message_id, "%X", ++next_id);
			sendpdu(SUBMIT_SM_RESP, &r, "submit_sm_resp");
			fprintf(stderr, "libsmpp34:    message_id %s\n", (char *)r.message_id);
			if (s.registered_delivery & 3)
				receipt(&s, (char *)r.message_id, with_tlv);
			if (s.tlv)
				destroy_tlv(s.tlv);
			break;
		}
		case DELIVER_SM_RESP: {
			deliver_sm_resp_t r;
			UNPACK(DELIVER_SM_RESP, r);
			if (r.command_status != 0) {
				failures++;
				fprintf(stderr, "libsmpp34: FAIL deliver_sm_resp status 0x%08X\n", r.command_status);
			}
			pending_dlr--;
			break;
		}
		case ENQUIRE_LINK: {
			enquire_link_t e;
			enquire_link_resp_t r;
			UNPACK(ENQUIRE_LINK, e);
			memset(&r, 0, sizeof r);
			r.command_id = ENQUIRE_LINK_RESP;
			r.sequence_number = seq;
			sendpdu(ENQUIRE_LINK_RESP, &r, "enquire_link_resp");
			break;
		}
		case UNBIND: {
			unbind_t u;
			unbind_resp_t r;
			UNPACK(UNBIND, u);
			memset(&r, 0, sizeof r);
			r.command_id = UNBIND_RESP;
			r.sequence_number = seq;
			sendpdu(UNBIND_RESP, &r, "unbind_resp");
			break;
		}
		default: {
			generic_nack_t n;
			fprintf(stderr, "libsmpp34: FAIL unexpected command 0x%08X\n", id);
			failures++;
			memset(&n, 0, sizeof n);
			n.command_id = GENERIC_NACK;
			n.command_status = ESME_RINVCMDID;
			n.sequence_number = seq;
			sendpdu(GENERIC_NACK, &n, "generic_nack");
		}
		}
	}
	if (pending_dlr) {
		failures++;
		fprintf(stderr, "libsmpp34: FAIL %d deliver_sm without a deliver_sm_resp\n", pending_dlr);
	}
	fprintf(stderr, "libsmpp34: connection closed; %s\n", failures ? "FAILURES" : "every PDU unpacked, every receipt answered");
	return failures ? 1 : 0;
}
