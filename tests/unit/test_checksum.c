/* SPDX-License-Identifier: MIT */
/* Unit tests: Internet checksums and address formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <nfclick/proto.h>

static void test_ip_header_checksum(void **state)
{
	/* a real header: 45 00 00 2e 00 00 00 00 40 11 [64 bb] 0a 00 00 01 0a 01 02 03 */
	uint8_t h[20] = { 0x45, 0, 0, 0x2e, 0, 0, 0, 0, 0x40, 0x11, 0, 0,
			  10, 0, 0, 1, 10, 1, 2, 3 };
	uint16_t sum = nfc_in_cksum(h, 20);
	memcpy(h + 10, &sum, 2);
	assert_int_equal(h[10], 0x64);
	assert_int_equal(h[11], 0xbb);
	/* a header with its checksum in place sums to zero */
	assert_int_equal(nfc_in_cksum(h, 20), 0);
	/* odd lengths pad with a zero byte */
	uint8_t odd[3] = { 0x01, 0x02, 0x03 };
	assert_int_equal(ntohs(nfc_in_cksum(odd, 3)), (uint16_t)~(0x0102 + 0x0300));
}

static void test_incremental_update(void **state)
{
	uint8_t h[20] = { 0x45, 0, 0, 0x2e, 0, 0, 0, 0, 0x40, 0x11, 0, 0,
			  10, 0, 0, 1, 10, 1, 2, 3 };
	uint16_t sum = nfc_in_cksum(h, 20);
	/* decrement the TTL (high byte of the ttl/proto word) */
	uint16_t oldw, neww;
	memcpy(&oldw, h + 8, 2);
	h[8]--;
	memcpy(&neww, h + 8, 2);
	uint16_t inc = nfc_cksum_update16(sum, oldw, neww);
	memset(h + 10, 0, 2);
	assert_int_equal(inc, nfc_in_cksum(h, 20));
}

static void test_udp_checksum(void **state)
{
	/* UDP 1234 -> 5678, 4 bytes payload "abcd" from 10.0.0.1 to 10.1.2.3 */
	uint8_t u[12] = { 0x04, 0xd2, 0x16, 0x2e, 0, 12, 0, 0, 'a', 'b', 'c', 'd' };
	uint32_t src = htonl(0x0a000001), dst = htonl(0x0a010203);
	uint16_t sum = nfc_transport_cksum(src, dst, NFC_IP_PROTO_UDP, u, 12);
	memcpy(u + 6, &sum, 2);
	/* verifying over the pseudo-header and data with the sum in place gives 0 */
	assert_int_equal(nfc_transport_cksum(src, dst, NFC_IP_PROTO_UDP, u, 12), 0);
}

static void test_unparse(void **state)
{
	char b[18];
	assert_string_equal(nfc_ip_unparse(htonl(0x0a000001), b), "10.0.0.1");
	const uint8_t e[6] = { 0, 0x11, 0x22, 0xaa, 0xbb, 0xff };
	assert_string_equal(nfc_ether_unparse(e, b), "00-11-22-AA-BB-FF");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ip_header_checksum),
		cmocka_unit_test(test_incremental_update),
		cmocka_unit_test(test_udp_checksum),
		cmocka_unit_test(test_unparse),
	};
	return cmocka_run_group_tests_name("checksum", tests, NULL, NULL);
}
