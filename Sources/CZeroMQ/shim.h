#ifndef OUTPOST_CZEROMQ_SHIM_H
#define OUTPOST_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
