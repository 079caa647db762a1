/*
 * Tests for core/aead.h against the test vectors of RFC 8439, typed in from
 * the RFC text: sections 2.1.1, 2.2.1, 2.3.2, 2.4.2, 2.5.2, 2.6.2, 2.8.2 and
 * Appendix A.1-A.5 (every vector there). Then the AEAD's contract: any
 * modified tag, ciphertext, associated data or nonce is rejected without
 * writing plaintext, in-place operation, incremental Poly1305 in seeded
 * random pieces, and argument errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/aead.h"
#include "fake_platform.h"
#include "vectors.h"

/* Long inputs from the RFC's hex dumps (offsets and ASCII columns dropped). */
/* 64 bytes */
static const char BLOCK232[] = "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                               "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e";

/* 114 bytes */
static const char SUNSCREEN_PT[] =
    "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
    "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
    "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
    "637265656e20776f756c642062652069742e";

/* 114 bytes */
static const char SUNSCREEN_CT[] =
    "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
    "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
    "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
    "5af90bbf74a35be6b40b8eedf2785e42874d";

/* 34 bytes */
static const char MSG252[] = "43727970746f6772617068696320466f72756d2052657365617263682047726f"
                             "7570";

/* 32 bytes */
static const char OTK262[] = "8ad5a08b905f81cc815040274ab29471a833b637e3fd0da508dbb8e2fdd1a646";

/* 114 bytes */
static const char CT282[] = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                            "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                            "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                            "3ff4def08e4b7a9de576d26586cec64b6116";

/* 32 bytes */
static const char OTK282[] = "7bac2b252db447af09b67a55a4e955840ae1d6731075d9eb2a9375783ed553ff";

/* 64 bytes */
static const char A11[] = "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                          "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586";

/* 64 bytes */
static const char A12[] = "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
                          "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f";

/* 64 bytes */
static const char A13[] = "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
                          "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0";

/* 64 bytes */
static const char A14[] = "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
                          "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096";

/* 64 bytes */
static const char A15[] = "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
                          "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d";

/* 375 bytes */
static const char IETF_PT[] = "416e79207375626d697373696f6e20746f20746865204945544620696e74656e"
                              "6465642062792074686520436f6e7472696275746f7220666f72207075626c69"
                              "636174696f6e20617320616c6c206f722070617274206f6620616e2049455446"
                              "20496e7465726e65742d4472616674206f722052464320616e6420616e792073"
                              "746174656d656e74206d6164652077697468696e2074686520636f6e74657874"
                              "206f6620616e204945544620616374697669747920697320636f6e7369646572"
                              "656420616e20224945544620436f6e747269627574696f6e222e205375636820"
                              "73746174656d656e747320696e636c756465206f72616c2073746174656d656e"
                              "747320696e20494554462073657373696f6e732c2061732077656c6c20617320"
                              "7772697474656e20616e6420656c656374726f6e696320636f6d6d756e696361"
                              "74696f6e73206d61646520617420616e792074696d65206f7220706c6163652c"
                              "207768696368206172652061646472657373656420746f";

/* 375 bytes */
static const char A22_CT[] = "a3fbf07df3fa2fde4f376ca23e82737041605d9f4f4f57bd8cff2c1d4b7955ec"
                             "2a97948bd3722915c8f3d337f7d370050e9e96d647b7c39f56e031ca5eb6250d"
                             "4042e02785ececfa4b4bb5e8ead0440e20b6e8db09d881a7c6132f420e527950"
                             "42bdfa7773d8a9051447b3291ce1411c680465552aa6c405b7764d5e87bea85a"
                             "d00f8449ed8f72d0d662ab052691ca66424bc86d2df80ea41f43abf937d3259d"
                             "c4b2d0dfb48a6c9139ddd7f76966e928e635553ba76c5c879d7b35d49eb2e62b"
                             "0871cdac638939e25e8a1e0ef9d5280fa8ca328b351c3c765989cbcf3daa8b6c"
                             "cc3aaf9f3979c92b3720fc88dc95ed84a1be059c6499b9fda236e7e818b04b0b"
                             "c39c1e876b193bfe5569753f88128cc08aaa9b63d1a16f80ef2554d7189c411f"
                             "5869ca52c5b83fa36ff216b9c1d30062bebcfd2dc5bce0911934fda79a86f6e6"
                             "98ced759c3ff9b6477338f3da4f9cd8514ea9982ccafb341b2384dd902f3d1ab"
                             "7ac61dd29c6f21ba5b862f3730e37cfdc4fd806c22f221";

/* 32 bytes */
static const char KEY_1C92[] = "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0";

/* 127 bytes */
static const char JABBER_PT[] = "2754776173206272696c6c69672c20616e642074686520736c6974687920746f"
                                "7665730a446964206779726520616e642067696d626c6520696e207468652077"
                                "6162653a0a416c6c206d696d737920776572652074686520626f726f676f7665"
                                "732c0a416e6420746865206d6f6d65207261746873206f757467726162652e";

/* 127 bytes */
static const char JABBER_CT[] = "62e6347f95ed87a45ffae7426f27a1df5fb69110044c0d73118effa95b01e5cf"
                                "166d3df2d721caf9b21e5fb14c616871fd84c54f9d65b283196c7fe4f60553eb"
                                "f39c6402c42234e32a356b3e764312a61a5532055716ead6962568f87d3f3f77"
                                "04c6a8d1bcd1bf4d50d6154b6da731b187b58dfd728afa36757a797ac188d1";

/* 265 bytes */
static const char A5_CT[] = "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
                            "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
                            "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
                            "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
                            "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
                            "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
                            "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
                            "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
                            "a6ad5cb4022b02709b";

/* 265 bytes */
static const char A5_PT[] = "496e7465726e65742d4472616674732061726520647261667420646f63756d65"
                            "6e74732076616c696420666f722061206d6178696d756d206f6620736978206d"
                            "6f6e74687320616e64206d617920626520757064617465642c207265706c6163"
                            "65642c206f72206f62736f6c65746564206279206f7468657220646f63756d65"
                            "6e747320617420616e792074696d652e20497420697320696e617070726f7072"
                            "6961746520746f2075736520496e7465726e65742d4472616674732061732072"
                            "65666572656e6365206d6174657269616c206f7220746f206369746520746865"
                            "6d206f74686572207468616e206173202fe2809c776f726b20696e2070726f67"
                            "726573732e2fe2809d";

/* Decode hex into a fresh static slot (up to 32 live at once); n gets the
 * length. */
static uint8_t *hx(const char *hex, size_t *n)
{
    static uint8_t slots[32][512];
    static int next;
    uint8_t *out = slots[next++ % 32];
    size_t len = strlen(hex) / 2;
    assert_true(len <= sizeof slots[0]);
    assert_int_equal(vec_hex(out, len, hex, 2 * len), 0);
    if (n)
        *n = len;
    return out;
}

#define ZERO32 "0000000000000000000000000000000000000000000000000000000000000000"
#define ZERO12 "000000000000000000000000"
#define KEY_0_1F "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define KEY_80_9F "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"

static void test_quarter_round_2_1_1(void **state)
{
    (void)state;
    uint32_t v[4] = {0x11111111, 0x01020304, 0x9b8d6f43, 0x01234567};
    chacha20_quarter_round(v);
    assert_int_equal(v[0], 0xea2a92f4);
    assert_int_equal(v[1], 0xcb1cf8ce);
    assert_int_equal(v[2], 0x4581472e);
    assert_int_equal(v[3], 0x5881c4bb);
}

static void test_quarter_round_on_state_2_2_1(void **state)
{
    (void)state;
    uint32_t s[16] = {0x879531e0, 0xc5ecf37d, 0x516461b1, 0xc9a62f8a, 0x44c20ef3, 0x3390af7f,
                      0xd9fc690b, 0x2a5f714c, 0x53372767, 0xb00a5631, 0x974c541a, 0x359e9963,
                      0x5c971061, 0x3d631689, 0x2098d9d6, 0x91dbd320};
    uint32_t v[4] = {s[2], s[7], s[8], s[13]};
    chacha20_quarter_round(v);
    assert_int_equal(v[0], 0xbdb886dc);
    assert_int_equal(v[1], 0xcfacafd2);
    assert_int_equal(v[2], 0xe46bea80);
    assert_int_equal(v[3], 0xccc07c79);
}

static void check_block(const char *key, uint32_t counter, const char *nonce, const char *want)
{
    uint8_t out[64];
    size_t n;
    const uint8_t *w = hx(want, &n);
    chacha20_block(out, hx(key, NULL), counter, hx(nonce, NULL));
    assert_int_equal(n, 64);
    assert_memory_equal(out, w, 64);
}

static void test_block_2_3_2_and_a1(void **state)
{
    (void)state;
    check_block(KEY_0_1F, 1, "000000090000004a00000000", BLOCK232);
    /* A.1 #1-#5 */
    check_block(ZERO32, 0, ZERO12, A11);
    check_block(ZERO32, 1, ZERO12, A12);
    check_block("0000000000000000000000000000000000000000000000000000000000000001", 1, ZERO12, A13);
    check_block("00ff000000000000000000000000000000000000000000000000000000000000", 2, ZERO12, A14);
    check_block(ZERO32, 0, "000000000000000000000002", A15);
}

static void check_xor(const char *key, uint32_t counter, const char *nonce, const char *pt_hex,
                      const char *ct_hex)
{
    size_t n, m;
    const uint8_t *pt = hx(pt_hex, &n), *ct = hx(ct_hex, &m);
    uint8_t out[512];
    assert_int_equal(n, m);
    chacha20_xor(out, pt, n, hx(key, NULL), counter, hx(nonce, NULL));
    assert_memory_equal(out, ct, n);
    /* decryption is the same operation, and works in place */
    chacha20_xor(out, out, n, hx(key, NULL), counter, hx(nonce, NULL));
    assert_memory_equal(out, pt, n);
}

static void test_encrypt_2_4_2_and_a2(void **state)
{
    (void)state;
    check_xor(KEY_0_1F, 1, "000000000000004a00000000", SUNSCREEN_PT, SUNSCREEN_CT);
    /* A.2 #1: 64 zero bytes give the key stream of A.1 #1 */
    check_xor(ZERO32, 0, ZERO12, ZERO32 ZERO32, A11);
    check_xor("0000000000000000000000000000000000000000000000000000000000000001", 1,
              "000000000000000000000002", IETF_PT, A22_CT);
    check_xor(KEY_1C92, 42, "000000000000000000000002", JABBER_PT, JABBER_CT);
}

static void check_mac(const char *key, const char *msg, const char *tag_hex)
{
    size_t n, t;
    const uint8_t *m = hx(msg, &n), *want = hx(tag_hex, &t);
    uint8_t tag[16];
    assert_int_equal(t, 16);
    poly1305(tag, m, n, hx(key, NULL));
    assert_memory_equal(tag, want, 16);
}

#define Z16 "00000000000000000000000000000000"
#define F16 "ffffffffffffffffffffffffffffffff"

static void test_poly1305_2_5_2_and_a3(void **state)
{
    (void)state;
    check_mac("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b", MSG252,
              "a8061dc1305136c6c22b8baf0c0127a9");
    /* A.3 #1-#4 */
    check_mac(ZERO32, ZERO32 ZERO32, Z16);
    check_mac(Z16 "36e5f6b5c5e06070f0efca96227a863e", IETF_PT, "36e5f6b5c5e06070f0efca96227a863e");
    check_mac("36e5f6b5c5e06070f0efca96227a863e" Z16, IETF_PT, "f3477e7cd95417af89a6b8794c310cf0");
    check_mac(KEY_1C92, JABBER_PT, "4541669a7eaaee61e708dc7cbcc5eb62");
    /* A.3 #5-#11: the reduction edge cases (key = R || S) */
    check_mac("02000000000000000000000000000000" Z16, F16, "03000000000000000000000000000000");
    check_mac("02000000000000000000000000000000" F16, "02000000000000000000000000000000",
              "03000000000000000000000000000000");
    check_mac("01000000000000000000000000000000" Z16,
              F16 "f0ffffffffffffffffffffffffffffff"
                  "11000000000000000000000000000000",
              "05000000000000000000000000000000");
    check_mac("01000000000000000000000000000000" Z16,
              F16 "fbfefefefefefefefefefefefefefefe"
                  "01010101010101010101010101010101",
              Z16);
    check_mac("02000000000000000000000000000000" Z16, "fdffffffffffffffffffffffffffffff",
              "faffffffffffffffffffffffffffffff");
    check_mac("01000000000000000400000000000000" Z16,
              "e33594d7505e43b90000000000000000"
              "3394d7505e4379cd0100000000000000" Z16 "01000000000000000000000000000000",
              "14000000000000005500000000000000");
    check_mac("01000000000000000400000000000000" Z16,
              "e33594d7505e43b90000000000000000"
              "3394d7505e4379cd0100000000000000" Z16,
              "13000000000000000000000000000000");
}

static void check_otk(const char *key, const char *nonce, const char *want)
{
    uint8_t block[64];
    chacha20_block(block, hx(key, NULL), 0, hx(nonce, NULL));
    assert_memory_equal(block, hx(want, NULL), 32);
}

static void test_poly1305_keygen_2_6_2_and_a4(void **state)
{
    (void)state;
    check_otk(KEY_80_9F, "000000000001020304050607", OTK262);
    check_otk(ZERO32, ZERO12, "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7");
    check_otk("0000000000000000000000000000000000000000000000000000000000000001",
              "000000000000000000000002",
              "ecfa254f845f647473d3cb140da9e87606cb33066c447b87bc2666dde3fbb739");
    check_otk(KEY_1C92, "000000000000000000000002",
              "965e3bc6f9ec7ed9560808f4d229f94b137ff275ca9b3fcbdd59deaad23310ae");
}

static void test_aead_2_8_2(void **state)
{
    (void)state;
    size_t n, adlen;
    const uint8_t *pt = hx(SUNSCREEN_PT, &n);
    const uint8_t *ad = hx("50515253c0c1c2c3c4c5c6c7", &adlen);
    const uint8_t *key = hx(KEY_80_9F, NULL);
    /* nonce = 32-bit fixed-common part 07000000 || IV 4041424344454647 */
    const uint8_t *nonce = hx("070000004041424344454647", NULL);
    uint8_t ct[128], tag[16], back[128];
    check_otk(KEY_80_9F, "070000004041424344454647", OTK282);
    assert_int_equal(aead_seal(ct, tag, key, nonce, ad, adlen, pt, n), 0);
    assert_memory_equal(ct, hx(CT282, NULL), n);
    assert_memory_equal(tag, hx("1ae10b594f09e26a7e902ecbd0600691", NULL), 16);
    assert_int_equal(aead_open(back, key, nonce, ad, adlen, ct, n, tag), 0);
    assert_memory_equal(back, pt, n);
}

static void test_aead_decrypt_a5(void **state)
{
    (void)state;
    size_t n, adlen;
    const uint8_t *ct = hx(A5_CT, &n);
    const uint8_t *ad = hx("f33388860000000000004e91", &adlen);
    const uint8_t *nonce = hx("000000000102030405060708", NULL);
    const uint8_t *tag = hx("eead9d67890cbb22392336fea1851f38", NULL);
    uint8_t pt[512];
    check_otk(KEY_1C92, "000000000102030405060708",
              "bdf04aa95ce4de8995b14bb6a18fecaf26478f50c054f563dbc0a21e261572aa");
    assert_int_equal(aead_open(pt, hx(KEY_1C92, NULL), nonce, ad, adlen, ct, n, tag), 0);
    assert_memory_equal(pt, hx(A5_PT, NULL), n);
}

/* Flipping any single bit of tag, ciphertext, associated data or nonce must
 * be rejected, with the plaintext buffer left untouched. */
static void test_aead_rejects_every_modification(void **state)
{
    (void)state;
    size_t n, adlen;
    uint8_t ct[512], ad[16], tag[16], nonce[12], key[32], pt[512];
    const uint8_t *ct0 = hx(A5_CT, &n), *ad0 = hx("f33388860000000000004e91", &adlen);
    memcpy(ct, ct0, n);
    memcpy(ad, ad0, adlen);
    memcpy(tag, hx("eead9d67890cbb22392336fea1851f38", NULL), 16);
    memcpy(nonce, hx("000000000102030405060708", NULL), 12);
    memcpy(key, hx(KEY_1C92, NULL), 32);
    struct {
        uint8_t *p;
        size_t len;
    } parts[] = {{tag, 16}, {ct, n}, {ad, adlen}, {nonce, 12}};
    for (size_t k = 0; k < 4; k++) {
        for (size_t bit = 0; bit < parts[k].len * 8; bit += (k == 1 ? 13 : 1)) {
            parts[k].p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            memset(pt, 0xee, sizeof pt);
            int rc = aead_open(pt, key, nonce, ad, adlen, ct, n, tag);
            parts[k].p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            if (rc != AEAD_E_AUTH)
                fail_msg("part %zu bit %zu: open returned %d, expected AEAD_E_AUTH", k, bit, rc);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(pt[i], 0xee);
        }
    }
    /* the unmodified message still opens */
    assert_int_equal(aead_open(pt, key, nonce, ad, adlen, ct, n, tag), 0);
}

static void test_aead_in_place_and_empty(void **state)
{
    (void)state;
    uint8_t key[32], nonce[12] = {1}, buf[300], copy[300], tag[16];
    const uint64_t seed = 8439;
    printf("aead seed %llu\n", (unsigned long long)seed);
    fake_random_seed(seed);
    for (int i = 0; i < 32; i++)
        key[i] = (uint8_t)fake_random_u64();
    for (size_t len = 0; len <= sizeof buf; len += 37) {
        for (size_t i = 0; i < len; i++)
            buf[i] = copy[i] = (uint8_t)fake_random_u64();
        assert_int_equal(aead_seal(buf, tag, key, nonce, NULL, 0, buf, len), 0);
        if (len >= 16)
            assert_memory_not_equal(buf, copy, len);
        assert_int_equal(aead_open(buf, key, nonce, NULL, 0, buf, len, tag), 0);
        assert_memory_equal(buf, copy, len);
    }
    /* empty message, empty ad: the tag alone authenticates the nonce */
    assert_int_equal(aead_seal(NULL, tag, key, nonce, NULL, 0, NULL, 0), 0);
    assert_int_equal(aead_open(NULL, key, nonce, NULL, 0, NULL, 0, tag), 0);
    nonce[11] ^= 1;
    assert_int_equal(aead_open(NULL, key, nonce, NULL, 0, NULL, 0, tag), AEAD_E_AUTH);
}

static void test_poly1305_incremental(void **state)
{
    (void)state;
    size_t n;
    const uint8_t *msg = hx(IETF_PT, &n), *key = hx(KEY_1C92, NULL);
    uint8_t want[16], got[16];
    fake_random_seed(1305);
    for (int trial = 0; trial < 100; trial++) {
        size_t len = (size_t)(fake_random_u64() % (n + 1));
        poly1305(want, msg, len, key);
        struct poly1305_ctx c;
        poly1305_init(&c, key);
        for (size_t at = 0; at < len;) {
            size_t step = (size_t)(fake_random_u64() % 40);
            if (step > len - at)
                step = len - at;
            poly1305_update(&c, msg + at, step);
            at += step;
        }
        poly1305_final(&c, got);
        assert_memory_equal(got, want, 16);
    }
}

static void test_aead_argument_errors(void **state)
{
    (void)state;
    uint8_t key[32] = {0}, nonce[12] = {0}, buf[16] = {0}, tag[16] = {0};
    assert_int_equal(aead_seal(buf, tag, NULL, nonce, NULL, 0, buf, 16), AEAD_E_NULL);
    assert_int_equal(aead_seal(buf, NULL, key, nonce, NULL, 0, buf, 16), AEAD_E_NULL);
    assert_int_equal(aead_seal(NULL, tag, key, nonce, NULL, 0, buf, 16), AEAD_E_NULL);
    assert_int_equal(aead_seal(buf, tag, key, nonce, NULL, 5, buf, 16), AEAD_E_NULL);
    assert_int_equal(aead_open(buf, key, NULL, NULL, 0, buf, 16, tag), AEAD_E_NULL);
    assert_int_equal(aead_open(buf, key, nonce, NULL, 0, buf, 16, NULL), AEAD_E_NULL);
    /* the length limit is checked before any byte is touched */
    assert_int_equal(aead_seal(buf, tag, key, nonce, NULL, 0, buf, (size_t)AEAD_MAX_BYTES + 1),
                     AEAD_E_TOOLONG);
    assert_int_equal(aead_open(buf, key, nonce, NULL, 0, buf, (size_t)AEAD_MAX_BYTES + 1, tag),
                     AEAD_E_TOOLONG);
    assert_string_equal(core_strerror(AEAD_E_AUTH), "AEAD_E_AUTH");
    assert_string_equal(core_strerror(AEAD_E_TOOLONG), "AEAD_E_TOOLONG");
    assert_string_equal(core_strerror(AEAD_E_NULL), "AEAD_E_NULL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quarter_round_2_1_1),
        cmocka_unit_test(test_quarter_round_on_state_2_2_1),
        cmocka_unit_test(test_block_2_3_2_and_a1),
        cmocka_unit_test(test_encrypt_2_4_2_and_a2),
        cmocka_unit_test(test_poly1305_2_5_2_and_a3),
        cmocka_unit_test(test_poly1305_keygen_2_6_2_and_a4),
        cmocka_unit_test(test_aead_2_8_2),
        cmocka_unit_test(test_aead_decrypt_a5),
        cmocka_unit_test(test_aead_rejects_every_modification),
        cmocka_unit_test(test_aead_in_place_and_empty),
        cmocka_unit_test(test_poly1305_incremental),
        cmocka_unit_test(test_aead_argument_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
