// Connection flood for scripts/bench/flood.sh: opens N CURVE DEALER connections with one (allowed) key to an
// `outpost serve`, sends an outpost Hello on each (asking for everything the node holds), never reads, holds them
// all open for HOLD_MS, then closes them. Usage: flood ENDPOINT SERVER_PUBLIC_Z85 CLIENT_SECRET_Z85 N HOLD_MS
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

static size_t put_string(unsigned char *out, const char *text) {
    size_t length = strlen(text);  // < 128: one varint byte
    out[0] = (unsigned char)length;
    memcpy(out + 1, text, length);
    return 1 + length;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: flood ENDPOINT SERVER_PUBLIC_Z85 CLIENT_SECRET_Z85 N HOLD_MS\n");
        return 2;
    }
    const char *endpoint = argv[1], *server = argv[2], *secret = argv[3];
    int count = atoi(argv[4]), hold = atoi(argv[5]);
    char public_key[41];
    if (zmq_curve_public(public_key, secret) != 0) {
        fprintf(stderr, "bad secret key\n");
        return 1;
    }
    // Hello (protocol 1, schema 1, empty vector): magic "OP", version 1, kind 1, a random node id.
    unsigned char hello[128];
    size_t size = 0;
    hello[size++] = 'O';
    hello[size++] = 'P';
    hello[size++] = 1;
    hello[size++] = 1;
    srand((unsigned)time(NULL));
    for (int i = 0; i < 16; i++) hello[size++] = (unsigned char)rand();
    size += put_string(hello + size, "flood");
    size += put_string(hello + size, "office");
    size += put_string(hello + size, "flood");
    hello[size++] = 1;  // protocol version
    hello[size++] = 1;  // schema version
    hello[size++] = 0;  // version vector: no entries
    hello[size++] = 1;  // sentAtMillis

    void *context = zmq_ctx_new();
    zmq_ctx_set(context, ZMQ_MAX_SOCKETS, count + 16);
    void **sockets = calloc((size_t)count, sizeof(void *));
    int linger = 0, sent = 0;
    for (int i = 0; i < count; i++) {
        void *socket = zmq_socket(context, ZMQ_DEALER);
        if (!socket) {
            fprintf(stderr, "socket %d: %s\n", i, zmq_strerror(zmq_errno()));
            count = i;
            break;
        }
        zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
        zmq_setsockopt(socket, ZMQ_CURVE_SERVERKEY, server, 40);
        zmq_setsockopt(socket, ZMQ_CURVE_PUBLICKEY, public_key, 40);
        zmq_setsockopt(socket, ZMQ_CURVE_SECRETKEY, secret, 40);
        zmq_connect(socket, endpoint);
        if (zmq_send(socket, hello, size, ZMQ_DONTWAIT) == (int)size) sent++;
        sockets[i] = socket;
    }
    printf("flood_connections: %d\nflood_hellos_queued: %d\n", count, sent);
    fflush(stdout);
    struct timespec pause = {hold / 1000, (long)(hold % 1000) * 1000000L};
    nanosleep(&pause, NULL);
    for (int i = 0; i < count; i++) zmq_close(sockets[i]);
    free(sockets);
    zmq_ctx_term(context);
    return 0;
}
