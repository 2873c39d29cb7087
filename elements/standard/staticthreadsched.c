/* SPDX-License-Identifier: MIT */
/* StaticThreadSched: binds the tasks of named elements to threads. */

/*
 * =c
 * StaticThreadSched(ELEMENT THREAD, ...)
 * =s threads
 * specifies element and thread scheduling parameters
 * =d
 * Each argument names an element and a thread: the tasks of ELEMENT run on
 * thread THREAD (0 to the number of threads minus one; -1 means the default
 * choice). ELEMENT may also name a compound element, binding every element
 * inside it. Names resolve relative to the StaticThreadSched's compound.
 *
 * The binding applies to tasks set up when the router initializes; it is
 * read then, so StaticThreadSched configures before other elements. When
 * several StaticThreadSched elements name the same element, the last one
 * wins. A THREAD outside the range is a warning and falls back to thread 0
 * (or the default for negative values), as in Click.
 * =item ELEMENT
 * An element or compound name.
 * =item THREAD
 * Integer. The thread number.
 * =e
 *   src1 :: InfiniteSource -> Queue -> u1 :: Unqueue -> Discard;
 *   src2 :: InfiniteSource -> Queue -> u2 :: Unqueue -> Discard;
 *   StaticThreadSched(src1 0, u1 1, src2 2, u2 3);
 * =a ScheduleInfo
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct staticthreadsched {
	struct nfc_element e;
	/* One argument at a time, parsed by the table (scratch space). */
	char *element_name;
	int32_t thread;
};

/* The table for one "ELEMENT THREAD" argument, split into its two words. */
static const struct nfc_arg_spec sts_args[] = {
	{ .keyword = "ELEMENT", .type = NFC_ARG_WORD,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL_ONLY,
	  .offset = offsetof(struct staticthreadsched, element_name),
	  .doc = "element or compound name" },
	{ .keyword = "THREAD", .type = NFC_ARG_INT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL_ONLY,
	  .offset = offsetof(struct staticthreadsched, thread), .doc = "thread number" },
	NFC_ARGS_END
};

/* Set @thread on the element named @name, or on everything inside the
 * compound of that name. Returns how many elements it bound. */
static int sts_bind(struct staticthreadsched *st, const char *name, int thread)
{
	struct nfc_router *r = st->e.router;
	struct nfc_element *x = nfc_router_find(r, name, &st->e);
	if (x) {
		x->home_thread = thread;
		return 1;
	}
	const char *ctx = nfc_element_context(&st->e);
	size_t clen = strlen(ctx), nlen = strlen(name);
	int n = 0;
	for (int i = 0; i < nfc_router_nelements(r); i++) {
		x = nfc_router_element(r, i);
		if (x && strncmp(x->name, ctx, clen) == 0 &&
		    strncmp(x->name + clen, name, nlen) == 0 && x->name[clen + nlen] == '/') {
			x->home_thread = thread;
			n++;
		}
	}
	return n;
}

static int sts_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct staticthreadsched *st = (struct staticthreadsched *)e;
	int nthreads = nfc_router_nthreads(e->router);
	int before = errh->nerrors;
	for (int i = 0; i < conf->argc; i++) {
		if (!*conf->argv[i])
			continue; /* empty arguments are harmless */
		struct nfc_conf one = { 0 };
		if (nfc_split_words(conf->argv[i], &one.argv, &one.argc) < 0) {
			nfc_error(errh, "bad argument '%s'", conf->argv[i]);
			continue;
		}
		one.text = conf->argv[i];
		one.landmark = conf->landmark;
		if (one.argc != 2)
			nfc_error(errh, "expected 'ELEMENT THREAD', got '%s'", conf->argv[i]);
		else if (nfc_args_parse(e, &one, sts_args, errh, NULL) == 0) {
			int thread = st->thread;
			if (thread < -1 || thread >= nthreads) {
				nfc_warning(errh, "thread preference %d out of range", thread);
				thread = thread < 0 ? -1 : 0;
			}
			if (sts_bind(st, st->element_name, thread) == 0)
				nfc_error(errh, "'%s' does not name an element", st->element_name);
		}
		nfc_words_free(one.argv, one.argc);
	}
	return errh->nerrors > before ? -1 : 0;
}

static const struct nfc_element_class staticthreadsched_class = {
	.name = "StaticThreadSched",
	.port_count = "0/0",
	.processing = "a/a",
	.size = sizeof(struct staticthreadsched),
	/* before the elements whose tasks it places initialize */
	.flags = NFC_CLASS_CONFIGURE_EARLY,
	.configure = sts_configure,
};
NFC_REGISTER_ELEMENT(staticthreadsched_class);
