// Raw libzmq baseline for scripts/bench/zmq.sh: PUSH -> PULL over tcp loopback, optionally CURVE, one process with
// a receiver thread, the way libzmq's own local_thr/remote_thr measure. Prints "<messages/s> <MB/s> <CPU µs per message>"
// (CPU time of the whole process, all threads: robust when other jobs share the cores).
// Usage: zmq_bench plain|curve SIZE COUNT
#include <pthread.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

static void *context;
static char endpoint[256];
static int curve;
static size_t size;
static long count;
static char server_public[41], server_secret[41], client_public[41], client_secret[41];
static double seconds;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(int rc, const char *what) {
    if (rc == -1) {
        fprintf(stderr, "%s: %s\n", what, zmq_strerror(zmq_errno()));
        exit(1);
    }
}

static void *receiver(void *ready) {
    void *pull = zmq_socket(context, ZMQ_PULL);
    if (curve) {
        int one = 1;
        check(zmq_setsockopt(pull, ZMQ_CURVE_SERVER, &one, sizeof one), "curve server");
        check(zmq_setsockopt(pull, ZMQ_CURVE_SECRETKEY, server_secret, 40), "secret key");
    }
    check(zmq_bind(pull, "tcp://127.0.0.1:0"), "bind");
    size_t length = sizeof endpoint;
    check(zmq_getsockopt(pull, ZMQ_LAST_ENDPOINT, endpoint, &length), "last endpoint");
    pthread_mutex_unlock((pthread_mutex_t *)ready);

    char *buffer = malloc(size + 1);
    check(zmq_recv(pull, buffer, size + 1, 0), "recv");
    double start = now();
    for (long i = 1; i < count; i++) check(zmq_recv(pull, buffer, size + 1, 0), "recv");
    seconds = now() - start;
    free(buffer);
    zmq_close(pull);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: zmq_bench plain|curve SIZE COUNT\n");
        return 2;
    }
    curve = strcmp(argv[1], "curve") == 0;
    size = strtoul(argv[2], NULL, 10);
    count = strtol(argv[3], NULL, 10);
    context = zmq_ctx_new();
    if (curve) {
        check(zmq_curve_keypair(server_public, server_secret), "keypair");
        check(zmq_curve_keypair(client_public, client_secret), "keypair");
    }
    pthread_mutex_t ready = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&ready);
    pthread_t thread;
    pthread_create(&thread, NULL, receiver, &ready);
    pthread_mutex_lock(&ready);  // the receiver unlocks once bound

    void *push = zmq_socket(context, ZMQ_PUSH);
    if (curve) {
        check(zmq_setsockopt(push, ZMQ_CURVE_SERVERKEY, server_public, 40), "server key");
        check(zmq_setsockopt(push, ZMQ_CURVE_PUBLICKEY, client_public, 40), "public key");
        check(zmq_setsockopt(push, ZMQ_CURVE_SECRETKEY, client_secret, 40), "secret key");
    }
    check(zmq_connect(push, endpoint), "connect");
    char *payload = calloc(size ? size : 1, 1);
    for (long i = 0; i < count; i++) check(zmq_send(push, payload, size, 0), "send");
    pthread_join(thread, NULL);
    free(payload);
    zmq_close(push);
    zmq_ctx_term(context);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    printf("%.0f %.1f %.3f\n", (count - 1) / seconds, (count - 1) * (double)size / seconds / 1e6, cpu * 1e6 / count);
    return 0;
}
