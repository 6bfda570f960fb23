// Package crypto is Earshot's envelope encryption of personal data at rest:
// a data key per data subject, crypto-shredded on erasure, so that deleting
// a subject makes their recordings and raw transcripts unreadable
// everywhere, backups of the data included (invariant 5). It also derives
// the pseudonyms that stand for a data subject in every table.
//
// # Key hierarchy
//
//	master key ─wraps─► bucket KEK ─wraps─► subject key ─HKDF─► value key / stream key ─► data
//	(file/env/KMS)      (vault)             (data store)
//
// From the top:
//
//   - Master keys are 32-byte secrets loaded from a file or an environment
//     variable (hex or base64), identified by an ID derived from the key.
//     A Keyring holds the current one, which wraps, and old ones, which
//     only unwrap; Keys.Rewrap moves every wrapped KEK to the current one.
//     KeyWrapper is the integration point for a KMS: an implementation
//     whose Wrap and Unwrap call the KMS replaces the Keyring and the
//     master key never enters the process.
//   - Subjects are spread over Buckets buckets by a hash of their
//     pseudonym. Each bucket in use has a key-encryption key (KEK): 32
//     random bytes, wrapped by the master key (AES-256-GCM with the KEK's
//     ID and bucket as additional data) and kept in the vault
//     (store.OpenVault): a separate database, by default <keyDir>/vault.db,
//     which holds nothing else and is a few kilobytes.
//   - Each subject's data key is 32 random bytes, wrapped by its bucket's
//     KEK (AES-256-GCM, the key's ID and subject as additional data) and
//     stored in the data store's subject_keys table.
//   - Data is sealed with keys derived from the subject key with HKDF-SHA256
//     (RFC 5869): one for small values, one per recording stream (random
//     32-byte salt in the stream header). Every AES-256-GCM operation uses
//     a random 96-bit nonce (cipher.NewGCMWithRandomNonce).
//
// AES-GCM rather than AES-KW (RFC 3394) wraps keys: it is in the standard
// library, authenticates the additional data that binds a wrapped key to
// its row, and its 28 bytes of overhead do not matter at these sizes.
//
// # Erasure
//
// DestroySubjectKey deletes the subject's row and rotates their bucket: in
// one transaction holding the bucket's lock it creates a new KEK, rewraps
// the bucket's other subject keys under it, and makes it current; then it
// deletes the old KEK from the vault. On SQLite the vault overwrites the
// deleted row (secure_delete) and truncates its write-ahead log, so no file
// of the key directory holds the old KEK afterwards.
//
// # Threat model
//
// What each copy can and cannot do after a subject is erased, assuming the
// attacker also obtains every secret that still exists (the master key,
// the live vault):
//
//   - A copy of the data directory or data database taken before the
//     erasure: cannot decrypt the erased subject. Its subject_keys rows are
//     wrapped by the bucket's old KEK, which exists nowhere. This is the
//     guarantee; TestBackupAfterErasure proves it with a copied SQLite data
//     directory and with PostgreSQL tables restored into another schema,
//     recordings included. The same copy cannot decrypt the other subjects of that
//     bucket either (1 in Buckets of them, per erasure); every other
//     subject stays readable from it with the live vault, so restoring an
//     old backup loses only that share of encrypted data, which is also
//     the shortest-lived (recordings, raw transcripts).
//   - A copy of the vault taken before the erasure, together with a copy
//     of the data and the master key: can decrypt. No scheme avoids this:
//     something that existed at backup time must be destroyed. So the
//     vault is the one thing that must never be backed up, snapshotted or
//     replicated by block copies, and the key directory must lie outside
//     the data directory (CheckKeyDir) and the vault in another database
//     than the data (CheckSeparate). Losing the vault loses every sealed
//     value and recording, by design; redacted transcripts and metadata
//     are not encrypted and restore from ordinary backups. With a KMS as
//     KeyWrapper, a vault copy without KMS access decrypts nothing.
//   - The master key alone, or the vault alone, or the data alone: nothing.
//   - A PostgreSQL vault keeps deleted rows until vacuum reuses their space
//     and in its write-ahead log until the segment is recycled; it must not
//     be WAL-archived. Freed disk blocks and SSD spare cells are out of
//     scope on any backend: put the key directory on an encrypted volume.
//   - Keys in memory of a running process (a Writer of a recording in
//     progress holds its subject key) are not protected; erasure should
//     stop the subject's live recordings first. Keys caches nothing.
//
// # Formats
//
// A sealed value is 0x01, the 16-byte subject key ID, then the GCM nonce,
// ciphertext and tag (45 bytes of overhead). A recording stream is the
// header "ESR" 0x01, key ID, salt (52 bytes), then chunks: a flags byte
// (bit 0: final), a 4-byte big-endian length, and the GCM nonce, ciphertext
// and tag of up to one chunk of plaintext. Each chunk's additional data is
// the header, its 64-bit index and its flags, so chunks cannot be dropped,
// repeated, reordered or moved between streams, and a stream without its
// final chunk reads as ErrTruncated. A Writer keeps at most one chunk of
// plaintext in memory and writes only ciphertext, so a crash loses at most
// the last chunk and never leaves plaintext on disk.
//
// Keys and Keyring are safe for concurrent use; a Writer or Reader is used
// by one goroutine. Nothing here starts a goroutine.
package crypto
