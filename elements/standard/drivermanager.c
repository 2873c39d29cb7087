/* SPDX-License-Identifier: MIT */
/* DriverManager: a Script that decides when the router stops (TYPE DRIVER by default). */

/*
 * =c
 * DriverManager(INSTRUCTIONS...)
 * =s control
 * a Script that manages driver stop events
 * =d
 * A Script whose default TYPE is DRIVER; it takes the same instructions
 * (see Script).
 *
 * Elements ask the router to stop when their work is done (InfiniteSource,
 * FromDump and others with "STOP true", or a write to the global "stop"
 * handler). Without a driver, the first such request stops the router.
 * With a DriverManager, each request steps its script instead: "pause"
 * (also "wait" with no argument, "wait_stop", "wait_pause") waits for the
 * next request, and "wait TIME" waits for TIME or a request, whichever
 * comes first. The router stops when the script finishes: it ends with an
 * implicit "stop", and a DriverManager without instructions behaves like
 * "pause, stop".
 *
 * A router may hold one driver: one DriverManager, or one Script with
 * TYPE DRIVER.
 *
 * Common instructions: "wait", "wait TIME", "pause [COUNT]", "print
 * HANDLER" (the value on standard output), "read HANDLER" (name and value
 * on standard error), "write HANDLER [VALUE]", "save HANDLER FILE",
 * "stop", "loop", "label", "goto".
 * =item TYPE
 * As for Script; DRIVER by default.
 * =h step write-only
 * Steps past the current pause or wait.
 * =h goto write-only
 * Moves to the named label.
 * =h run read/write
 * Runs the script from the start.
 * =e
 * Count packets until the source is done, print the count, then stop:
 *
 *   InfiniteSource(LIMIT 100, STOP true) -> c :: Counter -> Discard;
 *   DriverManager(wait_stop, print c.count);
 *
 * Let an element finish its work before the router stops:
 *
 *   DriverManager(pause, write k.flush, wait 0.1s, stop);
 *
 * Replace the router once the source is done (nfclick -R): the new router
 * starts when this step of the script ends, and elements of the new
 * configuration take state from the old ones of the same name:
 *
 *   DriverManager(pause, write hotconfig $(cat next.click));
 * =a Script
 */
#include "script_priv.h"

static const struct nfc_element_class drivermanager_class = {
	.name = "DriverManager",
	.port_count = "0/0",
	.processing = "a/a",
	.size = sizeof(struct script),
	.flags = NFC_CLASS_CONFIGURE_LATE,
	/* Script's callbacks: script_configure picks DRIVER from the class name */
	.configure = script_configure,
	.initialize = script_initialize,
	.cleanup = script_cleanup,
	.add_handlers = script_add_handlers,
};
NFC_REGISTER_ELEMENT(drivermanager_class);
