/* SPDX-License-Identifier: MIT */
/* Umbrella header for element authors. */
#ifndef NFCLICK_NFCLICK_H
#define NFCLICK_NFCLICK_H

#include <nfclick/args.h>
#include <nfclick/batch.h>
#include <nfclick/config.h>
#include <nfclick/element.h>
#include <nfclick/error.h>
#include <nfclick/fusion.h>
#include <nfclick/handler.h>
#include <nfclick/notifier.h>
#include <nfclick/packet.h>
#include <nfclick/proto.h>
#include <nfclick/random.h>
#include <nfclick/router.h>
#include <nfclick/strbuf.h>
#include <nfclick/task.h>

#define NFCLICK_VERSION_STRING "0.1.0"

#endif
