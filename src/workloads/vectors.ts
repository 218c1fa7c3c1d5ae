/**
 * Published known-answer vectors. Every case checks these (and tamper tests) before it is timed.
 * Sources are named next to each vector; values are hex.
 */
import type { HashAlgorithm, SignatureAlgorithm } from './types.js';

export interface HashVector {
  /** Input as UTF-8 text. */
  input: string;
  digest: string;
  source: string;
}

export const HASH_VECTORS: Record<HashAlgorithm, HashVector[]> = {
  sha256: [
    {
      input: 'abc',
      digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      source: 'FIPS 180-2 B.1',
    },
    {
      input: '',
      digest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      source: 'NIST CAVP SHA256ShortMsg Len=0',
    },
  ],
  sha512: [
    {
      input: 'abc',
      digest:
        'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
      source: 'FIPS 180-2 C.1',
    },
  ],
  keccak256: [
    {
      input: '',
      digest: 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
      source: 'Ethereum Yellow Paper (KEC of empty input)',
    },
  ],
  'sha3-256': [
    {
      input: 'abc',
      digest: '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532',
      source: 'NIST FIPS 202 example values',
    },
  ],
  'blake2b-256': [
    {
      input: 'abc',
      digest: 'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319',
      source: 'BLAKE2 reference (b2sum -l 256)',
    },
  ],
  'blake2b-512': [
    {
      input: 'abc',
      digest:
        'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
      source: 'RFC 7693 Appendix A',
    },
  ],
  blake3: [
    {
      input: '',
      digest: 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262',
      source: 'BLAKE3 test_vectors.json (len 0)',
    },
  ],
  ripemd160: [
    {
      input: 'abc',
      digest: '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc',
      source: 'RIPEMD-160 reference (Dobbertin, Bosselaers, Preneel)',
    },
    { input: '', digest: '9c1185a5c5e9fc54612808977ee8f548b2258d31', source: 'RIPEMD-160 reference' },
  ],
};

export interface SignatureVector {
  secretKey: string;
  publicKey: string;
  message: string;
  /** Expected signature where the scheme is deterministic; absent for randomised ECDSA backends. */
  signature?: string;
  /**
   * The signature is a published one that every backend must accept, but backends that sign with
   * a random nonce (OpenSSL's ECDSA) cannot reproduce it: verify it, do not compare.
   */
  verifyOnly?: boolean;
  source: string;
}

export const SIGNATURE_VECTORS: Record<SignatureAlgorithm, SignatureVector[]> = {
  ed25519: [
    {
      secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature:
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
      source: 'RFC 8032 §7.1 TEST 1',
    },
  ],
  'ecdsa-secp256k1': [
    {
      // Secret key 1: the public key is the generator G (SEC 2 §2.4.1), compressed.
      secretKey: '0000000000000000000000000000000000000000000000000000000000000001',
      publicKey: '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
      message: '616263',
      source: 'SEC 2 v2 §2.4.1 (generator G)',
    },
  ],
  'ecdsa-p256': [
    {
      // Secret key 1: the public key is the P-256 generator (FIPS 186-4 D.1.2.3), compressed.
      secretKey: '0000000000000000000000000000000000000000000000000000000000000001',
      publicKey: '036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296',
      message: '616263',
      source: 'FIPS 186-4 D.1.2.3 (P-256 generator)',
    },
    {
      secretKey: 'c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721',
      publicKey: '0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6',
      message: '73616d706c65', // "sample"
      signature:
        'efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8',
      verifyOnly: true,
      source: 'RFC 6979 A.2.5 (P-256, SHA-256, message "sample")',
    },
  ],
  'schnorr-secp256k1': [
    {
      secretKey: '0000000000000000000000000000000000000000000000000000000000000003',
      publicKey: 'f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9',
      message: '0000000000000000000000000000000000000000000000000000000000000000',
      signature:
        'e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca821525f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0',
      source: 'BIP-340 test-vectors.csv index 0 (aux_rand = 0)',
    },
  ],
  'bls12-381': [
    {
      // Secret key 1: the public key is the G1 generator (IETF pairing-friendly-curves draft, BLS12-381 §4.2.1).
      secretKey: '0000000000000000000000000000000000000000000000000000000000000001',
      publicKey: '97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb',
      message: '616263',
      source: 'BLS12-381 G1 generator, compressed (ZCash serialisation)',
    },
    {
      secretKey: '263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3',
      publicKey: '',
      message: '5656565656565656565656565656565656565656565656565656565656565656',
      signature:
        '882730e5d03f6b42c3abc26d3372625034e1d871b65a8a6b900a56dae22da98abbe1b68f85e49fe7652a55ec3d0591c20767677e33e5cbb1207315c41a9ac03be39c2e7668edc043d6cb1d9fd93033caa8a1c5b0e84bedaeb6c64972503a43eb',
      source: 'Ethereum consensus-spec BLS tests, sign_case_84d45c9c7cca6b92',
    },
  ],
};
