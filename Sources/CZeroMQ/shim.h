#ifndef OUTPOST_CZEROMQ_SHIM_H
#define OUTPOST_CZEROMQ_SHIM_H
#include <errno.h>
#include <zmq.h>

// libzmq defines some error numbers as macro arithmetic over ZMQ_HAUSNUMERO; plain enum constants import into Swift
// reliably whatever the macro shape, so ZMQError can match them.
enum {
    OUTPOST_ZMQ_EAGAIN = EAGAIN,
    OUTPOST_ZMQ_EINTR = EINTR,
    OUTPOST_ZMQ_EINVAL = EINVAL,
    OUTPOST_ZMQ_ETERM = ETERM,
    OUTPOST_ZMQ_EHOSTUNREACH = EHOSTUNREACH,
    OUTPOST_ZMQ_EFSM = EFSM,
    OUTPOST_ZMQ_EMTHREAD = EMTHREAD,
    OUTPOST_ZMQ_ENOTSOCK = ENOTSOCK,
    OUTPOST_ZMQ_EADDRINUSE = EADDRINUSE,
    OUTPOST_ZMQ_ENOENT = ENOENT,
    OUTPOST_ZMQ_EPROTONOSUPPORT = EPROTONOSUPPORT,
    OUTPOST_ZMQ_ENOTSUP = ENOTSUP,
    OUTPOST_ZMQ_EMSGSIZE = EMSGSIZE,
    OUTPOST_ZMQ_ECONNREFUSED = ECONNREFUSED,
};

// ZMQ_ZAP_ENFORCE_DOMAIN is a draft option: when the installed libzmq was built with drafts, setting it makes a CURVE
// server refuse clients if no ZAP handler answers, instead of admitting them. Defined here so Swift can try it.
#define OUTPOST_ZMQ_ZAP_ENFORCE_DOMAIN 93

#endif
