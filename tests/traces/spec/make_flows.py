#!/usr/bin/env python3
"""Writes the calls of the five flows of ../shared/spec-profile.md §4 (the spec profile),
without expectations, to DIR/<flow>.in.jsonl. `meshcheck replay --emit` then adds what
the model computes; the checked-in traces (tests/traces/spec/<flow>.jsonl) are those,
each expectation reviewed against the design by hand. Kept so the flows can be
regenerated when the design changes."""
import json, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "spec", "vectors"))
import attestation_vectors as att  # secp256k1 + BLAKE2b, independent of the model's libraries

def a(b):  # an H160 filled with byte b
    return "0x" + ("%02x" % b) * 20

QUEUE, REGISTRY, NFT, ESCROW, PHALA, MEV = a(0xc1), a(0xc2), a(0xc3), a(0xc4), a(0xc5), a(0xc6)
ADMIN, OWNER, PROVIDER, SUB, OTHER, VERIFIER, EXECUTOR = a(1), a(2), a(3), a(4), a(5), a(6), a(7)
WIRING = {"job_queue": QUEUE, "payment_escrow": ESCROW, "provider_registry": REGISTRY,
          "data_nft_registry": NFT, "phala_job_processor": PHALA, "mev_protection": MEV}
HASH = "0x" + "ab" * 32

def deploy():
    # spec §2.3: the standard deployment, then the verifiers.
    lines = [{"balances": {OWNER: "1000000", PROVIDER: "100000", SUB: "100000", EXECUTOR: "0"}}]
    for name, addr, extra in [("ai_job_queue", QUEUE, {"min_budget": "1000"}),
                              ("compute_provider_registry", REGISTRY, {"min_stake": "5000"}),
                              ("data_nft_registry", NFT, {}), ("payment_escrow", ESCROW, {}),
                              ("phala_job_processor", PHALA, {}),
                              ("mev_protection", MEV, {"executor": EXECUTOR})]:
        args = {"wiring": WIRING}
        args.update(extra)
        lines.append({"deploy": {"contract": name, "address": addr, "deployer": ADMIN, "args": args,
                                 "block": 1, "timestamp": 6000, "value": "0", "profile": "spec"}})
    lines.append(call("payment_escrow", ADMIN, "set_verifier", {"account": VERIFIER, "enabled": True}))
    lines.append(call("compute_provider_registry", ADMIN, "set_verifier", {"account": VERIFIER, "enabled": True}))
    return lines

def call(contract, caller, message, args, value="0", block=None, ts=None):
    body = {"contract": contract, "caller": caller, "value": value, "message": message, "args": args}
    if block is not None:
        body["block"] = block
        body["timestamp"] = ts if ts is not None else block * 6000
    return {"call": body}

def balance(account):
    return {"balance": {"account": account}}

def job(value, deadline, compute="Gpu", data_nft=None, caller=OWNER, block=None):
    return call("ai_job_queue", caller, "submit_job",
                {"model_ref": "model", "data_ref": "data", "data_nft": data_nft, "compute_type": compute,
                 "deadline": deadline, "privacy_required": False, "encrypted_payload": "", "public_key": ""},
                value=value, block=block)

def register(caps=2):
    return call("compute_provider_registry", PROVIDER, "register_provider",
                {"endpoint": "https://provider", "capabilities": caps, "hourly_rate": "50"}, value="10000")

def bid(job_id, price, blocks, penalty):
    return call("compute_provider_registry", PROVIDER, "submit_bid",
                {"job_id": job_id, "price": price, "sla_commitment": {"max_duration_blocks": blocks, "penalty": penalty}})

def q(caller, message, args, **kw):
    return call("ai_job_queue", caller, message, args, **kw)

def public():
    return deploy() + [
        job("5000", 100, block=2),
        register(),
        bid("1", "3000", 10, "500"),
        q(OWNER, "assign_provider", {"job_id": "1", "provider": PROVIDER}, block=3),
        q(PROVIDER, "mark_in_progress", {"job_id": "1"}),
        # the design's guards: a second mark_in_progress finds the job InProgress
        q(PROVIDER, "mark_in_progress", {"job_id": "1"}),
        q(PROVIDER, "mark_completed", {"job_id": "1", "result_hash": HASH}, block=4),
        # only a verifier (or phala, or the queue) releases
        call("payment_escrow", OTHER, "release_payment", {"job_id": "1", "provider": PROVIDER}),
        call("payment_escrow", VERIFIER, "release_payment", {"job_id": "1", "provider": PROVIDER}),
        call("payment_escrow", VERIFIER, "release_payment", {"job_id": "1", "provider": PROVIDER}),
        call("payment_escrow", OTHER, "get_escrow", {"job_id": "1"}),
        q(OTHER, "get_job", {"job_id": "1"}),
        balance(OWNER), balance(PROVIDER), balance(ESCROW), balance(REGISTRY), balance(QUEUE),
    ]

def key(secret):  # K1, K2, K3 of spec §2.3: the compressed public key of secret 1, 2, 3
    return "0x" + att.compressed(att.mul(secret, att.G)).hex()

def attest(secret, pubkey_of, job_id, result_hash, timestamp, caller=OTHER, block=None):
    # What a TEE worker holding `secret` signs (spec §3.5), relayed by anyone.
    d = att.digest(bytes([0xc5]) * 20, job_id, bytes.fromhex(result_hash[2:]), timestamp)
    return call("phala_job_processor", caller, "record_attestation",
                {"job_id": str(job_id), "result_hash": result_hash, "timestamp": timestamp,
                 "tee_worker_pubkey": key(pubkey_of), "attestation_proof": "0x" + att.sign(secret, d).hex()},
                block=block)

def phala(caller, message, args, **kw):
    return call("phala_job_processor", caller, message, args, **kw)

def private():
    # The private job is routed to phala (confidential job 1) and its budget locked; only
    # an attestation signed by a trusted key completes it and releases its escrow.
    return deploy() + [
        call("ai_job_queue", OWNER, "submit_job",
             {"model_ref": "model", "data_ref": "data", "data_nft": None, "compute_type": "PhalaTee", "deadline": 100,
              "privacy_required": True, "encrypted_payload": "ciphertext", "public_key": "owner-key"},
             value="5000", block=2),
        # privacy needs a TEE; a public job carries no payload
        call("ai_job_queue", OWNER, "submit_job",
             {"model_ref": "model", "data_ref": "data", "data_nft": None, "compute_type": "Gpu", "deadline": 100,
              "privacy_required": True, "encrypted_payload": "ciphertext", "public_key": "owner-key"}, value="5000"),
        call("ai_job_queue", OWNER, "submit_job",
             {"model_ref": "model", "data_ref": "data", "data_nft": None, "compute_type": "Gpu", "deadline": 100,
              "privacy_required": False, "encrypted_payload": "ciphertext", "public_key": ""}, value="5000"),
        register(caps=4),
        bid("1", "3000", 10, "500"),
        q(OWNER, "assign_provider", {"job_id": "1", "provider": PROVIDER}, block=3),
        q(PROVIDER, "mark_in_progress", {"job_id": "1"}),
        q(PROVIDER, "mark_completed", {"job_id": "1", "result_hash": HASH}),
        # only phala completes a private job
        q(PROVIDER, "complete_attested", {"job_id": "1", "confidential_id": "1", "result_hash": HASH}),
        call("phala_job_processor", OTHER, "get_job", {"job_id": "1"}),
        q(OTHER, "get_job", {"job_id": "1"}),
        # the rate limit binds the person: three submissions per window
        call("phala_job_processor", OWNER, "submit_confidential_job", {"encrypted_payload": "p", "public_key": "k"}),
        call("phala_job_processor", OWNER, "submit_confidential_job", {"encrypted_payload": "p", "public_key": "k"}),
        call("phala_job_processor", OWNER, "submit_confidential_job", {"encrypted_payload": "p", "public_key": "k"}),
        # phala refuses inside submit_job (its rate window, an empty key): the queue's
        # CalleeFailed, the whole call undone, the budget back with its payer
        call("ai_job_queue", OWNER, "submit_job",
             {"model_ref": "model", "data_ref": "data", "data_nft": None, "compute_type": "PhalaTee", "deadline": 100,
              "privacy_required": True, "encrypted_payload": "ciphertext", "public_key": "owner-key"}, value="5000"),
        call("ai_job_queue", SUB, "submit_job",
             {"model_ref": "model", "data_ref": "data", "data_nft": None, "compute_type": "PhalaTee", "deadline": 100,
              "privacy_required": True, "encrypted_payload": "ciphertext", "public_key": ""}, value="5000"),
        balance(OWNER), balance(SUB), balance(ESCROW), balance(PHALA), balance(QUEUE),
        # The standard deployment's trusted keys (spec §2.3): K1 and K2; K3 stays untrusted.
        # Set here rather than in deploy() so the other flows' lines keep their numbers.
        phala(OTHER, "set_trusted_worker", {"pubkey": key(1), "trusted": True}),
        phala(ADMIN, "set_trusted_worker", {"pubkey": key(1), "trusted": True}),
        phala(ADMIN, "set_trusted_worker", {"pubkey": key(2), "trusted": True}),
        phala(OTHER, "is_trusted_worker", {"pubkey": key(1)}),
        phala(OTHER, "is_trusted_worker", {"pubkey": key(3)}),
        # the worker signs at 18000 (block 3, after the job was created at 12000); relayed at block 4
        attest(3, 3, 1, HASH, 18000, block=4),       # K3's own valid signature: UntrustedWorker
        attest(1, 2, 1, HASH, 18000),                # K1's signature under K2's key: InvalidSignature
        attest(1, 1, 1, HASH, 30000),                # a time after now (24000): FutureTimestamp
        phala(OTHER, "verify_attestation", {"job_id": "1"}),
        q(OTHER, "get_job", {"job_id": "1"}),
        # K1: stored; → queue complete_attested (Completed); → escrow release_payment
        attest(1, 1, 1, HASH, 18000),
        attest(1, 1, 1, HASH, 18000),                # once only: AlreadyAttested
        phala(OTHER, "get_attestation", {"job_id": "1"}),
        phala(OTHER, "verify_attestation", {"job_id": "1"}),
        q(OTHER, "get_job", {"job_id": "1"}),
        call("payment_escrow", OTHER, "get_escrow", {"job_id": "1"}),
        # the owner's acknowledgement
        phala(OTHER, "mark_job_processed", {"job_id": "1"}),
        phala(OWNER, "mark_job_processed", {"job_id": "1"}),
        phala(OWNER, "mark_job_processed", {"job_id": "1"}),
        phala(OTHER, "get_job", {"job_id": "1"}),
        phala(OTHER, "get_job_counter", {}),
        phala(OTHER, "get_rate_window", {"account": OWNER}),
        phala(OTHER, "get_admin", {}),
        balance(OWNER), balance(PROVIDER), balance(ESCROW), balance(PHALA), balance(QUEUE),
    ]

def failure():
    return deploy() + [
        job("5000", 20, block=2),                                   # job 1
        q(OWNER, "cancel_job", {"job_id": "1"}),
        q(OWNER, "cancel_job", {"job_id": "1"}),
        job("5000", 20),                                            # job 2
        register(),
        bid("2", "3000", 5, "500"),
        q(OWNER, "assign_provider", {"job_id": "2", "provider": PROVIDER}, block=3),
        q(PROVIDER, "mark_in_progress", {"job_id": "2"}),
        q(OTHER, "expire_job", {"job_id": "2"}, block=19),
        q(OTHER, "expire_job", {"job_id": "2"}, block=20),
        call("compute_provider_registry", VERIFIER, "slash_stake", {"provider": PROVIDER, "job_id": "2"}),
        call("compute_provider_registry", VERIFIER, "slash_stake", {"provider": PROVIDER, "job_id": "2"}),
        call("payment_escrow", OWNER, "withdraw_rewards", {}),
        call("payment_escrow", OWNER, "withdraw_rewards", {}),
        job("5000", 100, block=21),                                 # job 3: disputed after completion, provider wins
        bid("3", "3000", 10, "500"),
        q(OWNER, "assign_provider", {"job_id": "3", "provider": PROVIDER}),
        q(PROVIDER, "mark_in_progress", {"job_id": "3"}),
        q(PROVIDER, "mark_completed", {"job_id": "3", "result_hash": HASH}),
        q(OWNER, "dispute_job", {"job_id": "3"}),
        q(OWNER, "resolve_dispute", {"job_id": "3", "provider_wins": True}),
        q(ADMIN, "resolve_dispute", {"job_id": "3", "provider_wins": True}),
        job("5000", 100),                                           # job 4: disputed in progress, owner wins
        bid("4", "2000", 10, "500"),
        q(OWNER, "assign_provider", {"job_id": "4", "provider": PROVIDER}),
        q(PROVIDER, "mark_in_progress", {"job_id": "4"}),
        q(OWNER, "dispute_job", {"job_id": "4"}),
        q(ADMIN, "resolve_dispute", {"job_id": "4", "provider_wins": False}),
        call("compute_provider_registry", VERIFIER, "update_reputation", {"provider": PROVIDER, "score_delta": "-30"}),
        call("compute_provider_registry", OTHER, "get_provider_info", {"provider": PROVIDER}),
        # the provider's own upkeep: update, top up, deactivate, unbond, withdraw
        call("compute_provider_registry", PROVIDER, "update_provider", {"endpoint": "https://p2", "hourly_rate": "60"}),
        call("compute_provider_registry", PROVIDER, "add_stake", {}, value="500"),
        call("compute_provider_registry", PROVIDER, "set_active", {"is_active": False}, block=30),
        call("compute_provider_registry", PROVIDER, "withdraw_stake", {"amount": "4000"}, block=49),
        call("compute_provider_registry", PROVIDER, "withdraw_stake", {"amount": "4000"}, block=50),
        balance(OWNER), balance(PROVIDER), balance(ESCROW), balance(REGISTRY),
    ]

def data():
    policy = {"privacy": "Private", "price_per_period": "100", "uses_per_period": 2}
    return deploy() + [
        call("data_nft_registry", OWNER, "mint_data_nft",
             {"metadata": "ipfs://dataset", "access_policy": policy, "is_transferable": True}, block=2),
        call("data_nft_registry", SUB, "purchase_subscription", {"nft_id": "1", "periods": 2}, value="150"),
        call("data_nft_registry", SUB, "purchase_subscription", {"nft_id": "1", "periods": 2}, value="200"),
        call("data_nft_registry", OWNER, "purchase_subscription", {"nft_id": "1", "periods": 1}, value="100"),
        call("data_nft_registry", SUB, "access_data", {"nft_id": "1", "proof_of_payment": "2"}),
        call("data_nft_registry", SUB, "access_data", {"nft_id": "1", "proof_of_payment": "1"}, block=3),
        call("data_nft_registry", OTHER, "verify_data_access", {"nft_id": "1", "account": SUB}),
        job("5000", 50, compute="Cpu", data_nft="1", caller=SUB),
        job("5000", 50, compute="Cpu", data_nft="1", caller=OTHER),
        call("payment_escrow", OWNER, "withdraw_rewards", {}),
        call("data_nft_registry", OWNER, "burn", {"token_id": "1"}),
        call("data_nft_registry", OTHER, "get_data_usage_stats", {"nft_id": "1"}),
        # the owner's upkeep, then a transfer and, once the subscription has ended, a burn
        call("data_nft_registry", OWNER, "approve", {"token_id": "1", "approved": OTHER}),
        call("data_nft_registry", OWNER, "update_metadata", {"token_id": "1", "metadata": "ipfs://dataset-v2"}),
        call("data_nft_registry", OWNER, "update_access_policy",
             {"token_id": "1", "policy": {"privacy": "Public", "price_per_period": "50", "uses_per_period": 1}}),
        call("data_nft_registry", OWNER, "transfer", {"token_id": "1", "to": OTHER}),
        call("data_nft_registry", OWNER, "burn", {"token_id": "1"}, block=1300, ts=7212000),
        call("data_nft_registry", OTHER, "burn", {"token_id": "1"}),
        call("data_nft_registry", OTHER, "get_subscription", {"nft_id": "1", "account": SUB}),
        call("data_nft_registry", OTHER, "verify_data_access", {"nft_id": "1", "account": SUB}),
        balance(OWNER), balance(SUB), balance(ESCROW), balance(NFT),
    ]

def mev():
    def intent(caller, value, min_output, token_out="USDT"):
        return call("mev_protection", caller, "submit_intent",
                    {"encrypted_intent": "enc", "token_in": "DOT", "token_out": token_out, "min_output": min_output},
                    value=value)
    m = lambda caller, message, args, **kw: call("mev_protection", caller, message, args, **kw)
    return deploy() + [
        intent(OWNER, "1000", "900"),                               # 1
        intent(SUB, "2000", "1800"),                                # 2
        intent(OWNER, "500", "400"),                                # 3
        intent(OWNER, "0", "400"),
        m(OWNER, "cancel_intent", {"intent_id": "3"}),
        m(SUB, "cancel_intent", {"intent_id": "1"}),
        m(OWNER, "create_batch", {"intent_ids": ["2", "1"], "execution_route": "dex"}),
        m(EXECUTOR, "create_batch", {"intent_ids": ["2", "1"], "execution_route": "dex"}),
        m(OWNER, "cancel_intent", {"intent_id": "1"}),
        intent(OWNER, "700", "600"),                                # 4
        intent(SUB, "800", "700"),                                  # 5
        m(EXECUTOR, "create_batch", {"intent_ids": ["5", "4"], "execution_route": "dex"}),   # batch 2
        m(EXECUTOR, "execute_batch", {"batch_id": "2", "actual_output": "5000", "execution_price": "1.0"}),
        m(EXECUTOR, "execute_batch", {"batch_id": "1", "actual_output": "3000", "execution_price": "1.1"}),
        m(EXECUTOR, "execute_batch", {"batch_id": "1", "actual_output": "3000", "execution_price": "1.1"}),
        m(EXECUTOR, "execute_batch", {"batch_id": "2", "actual_output": "1000", "execution_price": "0.7"}),
        m(OTHER, "get_batch_stats", {"batch_id": "2"}),
        m(OTHER, "get_pending_intents", {}),
        balance(OWNER), balance(SUB), balance(EXECUTOR), balance(ESCROW), balance(MEV),
    ]


# --- guards: a refusal for every guard a caller can reach (issue 15) ----------------------
# Each refused line below passes every guard before the one it names and is refused by that
# one, so the line diverges when that guard is dropped (the call goes on: it succeeds or
# another guard refuses it). Around them: calls that succeed where a negated guard would
# refuse, getters read after writes, and the checked arithmetic taken to its overflow where
# a caller can reach it (a u128 price, a u32 use count, a u64 time). `want` names the
# expected refusal of each line (or None: it succeeds); `check_guards` holds the emitted
# trace to them.
P2, P3, P4, BIG = a(8), a(9), a(10), a(11)
TWO127 = str(2 ** 127)
TWO128 = str(2 ** 128)          # one more than a u128 can hold: ValueTooLarge
ZERO_HASH = "0x" + "00" * 32
U64_NEAR_MAX = str(2 ** 64 - 1000)  # a timestamp where now + a subscription's length overflows u64

def guards():
    lines = deploy()
    lines[0]["balances"].update({P2: "100000", P3: "100000", P4: "100000", OTHER: "100000", BIG: str(2 ** 130)})
    want = [None] * len(lines)
    def ok(line):
        lines.append(line); want.append(None)
    def no(err, line):
        lines.append(line); want.append(err)
    nft = lambda caller, message, args, **kw: call("data_nft_registry", caller, message, args, **kw)
    reg = lambda caller, message, args, **kw: call("compute_provider_registry", caller, message, args, **kw)
    esc = lambda caller, message, args, **kw: call("payment_escrow", caller, message, args, **kw)
    m = lambda caller, message, args, **kw: call("mev_protection", caller, message, args, **kw)
    def mint(caller, transferable=True, privacy="Private", price="100", uses=2, block=None):
        return nft(caller, "mint_data_nft",
                   {"metadata": "ipfs://g", "access_policy": {"privacy": privacy, "price_per_period": price,
                                                              "uses_per_period": uses},
                    "is_transferable": transferable}, block=block)
    def submit(caller, value, deadline, compute="Gpu", data_nft=None, private=False, payload="", key_=""):
        return q(caller, "submit_job", {"model_ref": "model", "data_ref": "data", "data_nft": data_nft,
                                        "compute_type": compute, "deadline": deadline, "privacy_required": private,
                                        "encrypted_payload": payload, "public_key": key_}, value=value)
    def bid_by(p, job_id, price, blocks, penalty):
        return reg(p, "submit_bid", {"job_id": job_id, "price": price,
                                     "sla_commitment": {"max_duration_blocks": blocks, "penalty": penalty}})
    def register_as(p, caps=2, value="10000"):
        return reg(p, "register_provider", {"endpoint": "https://p", "capabilities": caps, "hourly_rate": "50"},
                   value=value)

    # block 2: tokens 1 (transferable), 2 (soulbound), 3 (Confidential); providers; jobs 1-8
    ok(mint(OWNER, block=2))                                        # token 1
    ok(mint(OWNER, transferable=False))                             # token 2
    ok(mint(OWNER, privacy="Confidential"))                         # token 3
    ok(register())                                                  # PROVIDER, Gpu
    ok(job("5000", 100))                                            # job 1
    ok(job("5000", 8))                                              # job 2
    ok(job("5000", 100))                                            # job 3, cancelled
    ok(q(OWNER, "cancel_job", {"job_id": "3"}))
    ok(job("5000", 100))                                            # job 4: a bid above its budget
    ok(job("5000", 100))                                            # job 5: an SLA past its deadline
    ok(job("5000", 8))                                              # job 6: Registered past its deadline
    ok(job("5000", 8))                                              # job 7: InProgress past its deadline
    ok(job("5000", 12))                                             # job 8: expires, no penalty
    ok(bid("1", "3000", 10, "500"))
    ok(bid("2", "3000", 3, "500"))
    ok(bid("7", "3000", 3, "500"))
    ok(bid("8", "3000", 3, "0"))
    ok(job("5000", 100))                                            # job 9: disputed while InProgress
    ok(bid("9", "3000", 10, "500"))

    # ai_job_queue
    no("BudgetTooLow", job("500", 100))
    no("InvalidDeadline", job("5000", 2))
    no("ConfidentialDataNeedsPrivacy", submit(OWNER, "5000", 100, data_nft="3"))
    no("ValueTooLarge", submit(BIG, TWO128, 100))
    no("NoSuchJob", q(OWNER, "assign_provider", {"job_id": "99", "provider": PROVIDER}))
    no("NotOwner", q(OTHER, "assign_provider", {"job_id": "1", "provider": PROVIDER}))
    no("WrongStatus", q(OWNER, "assign_provider", {"job_id": "3", "provider": PROVIDER}))
    no("NoSuchBid", q(OWNER, "assign_provider", {"job_id": "1", "provider": OTHER}))
    ok(register_as(P2))
    ok(bid_by(P2, "1", "3000", 10, "500"))
    ok(reg(P2, "set_active", {"is_active": False}))
    no("ProviderNotEligible", q(OWNER, "assign_provider", {"job_id": "1", "provider": P2}))
    ok(register_as(P3, caps=1))
    ok(bid_by(P3, "1", "3000", 10, "500"))
    no("MissingCapability", q(OWNER, "assign_provider", {"job_id": "1", "provider": P3}))
    ok(bid("4", "6000", 10, "500"))
    no("BidAboveBudget", q(OWNER, "assign_provider", {"job_id": "4", "provider": PROVIDER}))
    ok(bid("5", "3000", 200, "500"))
    no("SlaExceedsDeadline", q(OWNER, "assign_provider", {"job_id": "5", "provider": PROVIDER}))
    for j in ("1", "2", "7", "8", "9"):
        ok(q(OWNER, "assign_provider", {"job_id": j, "provider": PROVIDER}))
    no("NoSuchJob", q(PROVIDER, "mark_in_progress", {"job_id": "99"}))
    no("NotAssignedProvider", q(OTHER, "mark_in_progress", {"job_id": "1"}))
    no("NoSuchJob", q(PROVIDER, "mark_completed", {"job_id": "99", "result_hash": HASH}))
    no("NotAssignedProvider", q(OTHER, "mark_completed", {"job_id": "1", "result_hash": HASH}))
    no("WrongStatus", q(PROVIDER, "mark_completed", {"job_id": "1", "result_hash": HASH}))
    ok(q(PROVIDER, "mark_in_progress", {"job_id": "1"}))
    ok(q(PROVIDER, "mark_in_progress", {"job_id": "7"}))
    ok(q(PROVIDER, "mark_in_progress", {"job_id": "9"}))
    ok(q(OWNER, "dispute_job", {"job_id": "9"}))
    ok(q(ADMIN, "resolve_dispute", {"job_id": "9", "provider_wins": True}))   # dismissed: back to InProgress
    ok(q(OTHER, "get_job", {"job_id": "9"}))
    no("InvalidResultHash", q(PROVIDER, "mark_completed", {"job_id": "1", "result_hash": ZERO_HASH}))
    no("NoSuchJob", q(OWNER, "cancel_job", {"job_id": "99"}))
    no("NotOwner", q(OTHER, "cancel_job", {"job_id": "1"}))
    no("NoSuchJob", q(OTHER, "expire_job", {"job_id": "99"}))
    no("WrongStatus", q(OTHER, "expire_job", {"job_id": "3"}))
    no("NoSuchJob", q(OWNER, "dispute_job", {"job_id": "99"}))
    no("NotOwner", q(OTHER, "dispute_job", {"job_id": "1"}))
    no("WrongStatus", q(OWNER, "dispute_job", {"job_id": "4"}))
    no("NoSuchJob", q(ADMIN, "resolve_dispute", {"job_id": "99", "provider_wins": True}))
    no("WrongStatus", q(ADMIN, "resolve_dispute", {"job_id": "1", "provider_wins": True}))
    no("NotAdmin", q(OTHER, "set_min_budget", {"new": "1"}))
    ok(q(ADMIN, "set_min_budget", {"new": "1000"}))
    no("NotProcessor", q(OTHER, "complete_attested", {"job_id": "1", "confidential_id": "1", "result_hash": HASH}))
    ok(q(PROVIDER, "mark_completed", {"job_id": "1", "result_hash": HASH}))
    no("NoSuchEscrow", esc(VERIFIER, "release_payment", {"job_id": "99", "provider": PROVIDER}))
    no("WrongPayee", esc(VERIFIER, "release_payment", {"job_id": "1", "provider": OTHER}))
    no("NotPayable", esc(VERIFIER, "release_payment", {"job_id": "2", "provider": PROVIDER}))
    ok(esc(VERIFIER, "release_payment", {"job_id": "1", "provider": PROVIDER}))
    no("AlreadyPaid", q(OWNER, "dispute_job", {"job_id": "1"}))
    ok(q(OTHER, "get_job", {"job_id": "1"}))

    # payment_escrow, called by an account (each message is for one contract only)
    no("ValueTooLarge", esc(BIG, "deposit_escrow", {"id": "50", "payer": OTHER, "amount": "10"}, value=TWO128))
    no("NotAuthorized", esc(OTHER, "deposit_escrow", {"id": "50", "payer": OTHER, "amount": "10"}, value="10"))
    no("NotAuthorized", esc(OTHER, "assign_payee", {"job_id": "4", "provider": PROVIDER, "price": "1"}))
    no("NotAuthorized", esc(OTHER, "refund_payment", {"job_id": "4", "reason": "Cancelled"}))
    no("NotAuthorized", esc(OTHER, "release_capital", {"intent_id": "1", "to": OTHER}))
    no("NotAuthorized", esc(OTHER, "refund_capital", {"intent_id": "1"}))
    no("ValueTooLarge", esc(BIG, "distribute_rewards", {"nft_id": "1", "owner": OWNER}, value=TWO128))
    no("NotAuthorized", esc(OTHER, "distribute_rewards", {"nft_id": "1", "owner": OWNER}, value="10"))
    no("ValueTooLarge", esc(BIG, "slash_stake", {"job_id": "1", "provider": PROVIDER}, value=TWO128))
    no("NotAuthorized", esc(OTHER, "slash_stake", {"job_id": "1", "provider": PROVIDER}))
    no("NotAdmin", esc(OTHER, "set_verifier", {"account": OTHER, "enabled": True}))
    ok(esc(OTHER, "is_verifier", {"account": VERIFIER}))
    ok(esc(OTHER, "is_verifier", {"account": OTHER}))

    # compute_provider_registry
    no("ValueTooLarge", register_as(BIG, value=TWO128))
    no("StakeBelowMinimum", register_as(P4, value="100"))
    no("AlreadyRegistered", register_as(PROVIDER))
    no("InvalidCapabilities", register_as(P4, caps=0))
    no("InvalidCapabilities", register_as(P4, caps=8))
    no("NotRegistered", reg(OTHER, "update_provider", {"endpoint": "https://x", "hourly_rate": "1"}))
    ok(reg(PROVIDER, "update_provider", {"endpoint": "https://p2", "hourly_rate": "70"}))
    ok(reg(OTHER, "get_provider_info", {"provider": PROVIDER}))
    no("NotRegistered", reg(OTHER, "set_active", {"is_active": True}))
    no("NotRegistered", reg(OTHER, "add_stake", {}, value="10"))
    ok(register_as(BIG))
    no("ValueTooLarge", reg(BIG, "add_stake", {}, value=TWO128))
    no("ZeroAmount", reg(PROVIDER, "add_stake", {}, value="0"))
    ok(reg(PROVIDER, "add_stake", {}, value="500"))
    no("Overflow", reg(BIG, "add_stake", {}, value=str(2 ** 128 - 10000)))   # a stake of 2^128
    ok(reg(PROVIDER, "set_active", {"is_active": False}))
    ok(reg(PROVIDER, "set_active", {"is_active": True}))
    ok(reg(OTHER, "get_provider_info", {"provider": PROVIDER}))
    no("NotRegistered", reg(OTHER, "withdraw_stake", {"amount": "1"}))
    no("StillActive", reg(PROVIDER, "withdraw_stake", {"amount": "1"}))
    no("NotRegistered", bid_by(OTHER, "1", "100", 10, "1"))
    no("NotEligible", bid_by(P2, "1", "100", 10, "1"))
    no("ZeroPrice", bid_by(PROVIDER, "1", "0", 10, "1"))
    no("InvalidSla", bid_by(PROVIDER, "1", "100", 0, "1"))
    no("NotRegistered", reg(VERIFIER, "update_reputation", {"provider": OTHER, "score_delta": "1"}))
    no("NotVerifier", reg(OTHER, "update_reputation", {"provider": PROVIDER, "score_delta": "1"}))
    no("NotRegistered", reg(VERIFIER, "slash_stake", {"provider": OTHER, "job_id": "1"}))
    no("NotVerifier", reg(OTHER, "slash_stake", {"provider": PROVIDER, "job_id": "1"}))
    no("NotSlashable", reg(VERIFIER, "slash_stake", {"provider": PROVIDER, "job_id": "1"}))
    no("NotAdmin", reg(OTHER, "set_min_stake", {"new": "1"}))
    ok(reg(ADMIN, "set_min_stake", {"new": "5000"}))
    no("NotAdmin", reg(OTHER, "set_verifier", {"account": OTHER, "enabled": True}))
    ok(reg(OTHER, "is_verifier", {"account": VERIFIER}))
    ok(reg(OTHER, "is_verifier", {"account": OTHER}))

    # data_nft_registry
    for message, args in [("transfer", {"to": OTHER}), ("approve", {"approved": OTHER}),
                          ("update_metadata", {"metadata": "x"}),
                          ("update_access_policy", {"policy": {"privacy": "Public", "price_per_period": "1",
                                                               "uses_per_period": 1}})]:
        no("NoSuchToken", nft(OWNER, message, dict(args, token_id="99")))
        no("NotOwner", nft(OTHER, message, dict(args, token_id="1")))
    no("NotTransferable", nft(OWNER, "transfer", {"token_id": "2", "to": OTHER}))
    no("NotAnAccount", nft(OWNER, "transfer", {"token_id": "1", "to": ESCROW}))   # the amendment: never to a contract
    no("NoSuchToken", nft(OWNER, "burn", {"token_id": "99"}))
    no("ValueTooLarge", nft(BIG, "purchase_subscription", {"nft_id": "1", "periods": 1}, value=TWO128))
    no("NoSuchToken", nft(SUB, "purchase_subscription", {"nft_id": "99", "periods": 1}))
    no("InvalidDuration", nft(SUB, "purchase_subscription", {"nft_id": "1", "periods": 0}))
    no("NoSuchToken", nft(SUB, "access_data", {"nft_id": "99", "proof_of_payment": "1"}))
    no("NoSubscription", nft(SUB, "access_data", {"nft_id": "1", "proof_of_payment": "1"}))
    ok(nft(SUB, "purchase_subscription", {"nft_id": "1", "periods": 1}, value="100"))      # receipt 1, 2 uses
    ok(nft(SUB, "access_data", {"nft_id": "1", "proof_of_payment": "1"}))
    ok(nft(SUB, "access_data", {"nft_id": "1", "proof_of_payment": "1"}))
    no("UsageExhausted", nft(SUB, "access_data", {"nft_id": "1", "proof_of_payment": "1"}))
    ok(nft(OWNER, "approve", {"token_id": "1", "approved": P3}))
    ok(nft(OTHER, "get_approved", {"token_id": "1"}))
    ok(nft(OWNER, "transfer", {"token_id": "1", "to": OTHER}))
    ok(nft(OTHER, "get_approved", {"token_id": "1"}))
    ok(nft(OTHER, "balance_of", {"account": OWNER}))
    ok(nft(OTHER, "balance_of", {"account": OTHER}))
    ok(nft(OTHER, "update_metadata", {"token_id": "1", "metadata": "ipfs://g2"}))
    ok(nft(OTHER, "update_access_policy", {"token_id": "1", "policy": {"privacy": "Private", "price_per_period": "7",
                                                                      "uses_per_period": 3}}))
    ok(nft(OTHER, "get_nft", {"token_id": "1"}))
    ok(mint(OWNER))                                                 # token 4: approved, then burnt
    ok(nft(OWNER, "approve", {"token_id": "4", "approved": P3}))
    ok(nft(OWNER, "burn", {"token_id": "4"}))
    ok(nft(OTHER, "get_approved", {"token_id": "4"}))
    ok(nft(OTHER, "balance_of", {"account": OWNER}))
    # the checked arithmetic of a purchase, at its limits
    ok(mint(OWNER, price=TWO127))                                   # token 5
    ok(mint(OWNER, price="1", uses=2 ** 31))                        # token 6
    ok(mint(OWNER, price=TWO127))                                   # token 7
    no("Overflow", nft(BIG, "purchase_subscription", {"nft_id": "5", "periods": 2}, value="0"))    # price
    no("Overflow", nft(SUB, "purchase_subscription", {"nft_id": "6", "periods": 2}, value="2"))    # uses
    ok(nft(SUB, "purchase_subscription", {"nft_id": "6", "periods": 1}, value="1"))
    no("Overflow", nft(SUB, "purchase_subscription", {"nft_id": "6", "periods": 1}, value="1"))    # uses_left
    ok(nft(BIG, "purchase_subscription", {"nft_id": "5", "periods": 1}, value=TWO127))
    no("CalleeFailed", nft(BIG, "purchase_subscription", {"nft_id": "7", "periods": 1}, value=TWO127))  # claimable
    no("Overflow", nft(BIG, "purchase_subscription", {"nft_id": "5", "periods": 1}, value=TWO127))  # revenue
    ok(esc(OTHER, "get_claimable", {"account": OWNER}))
    ok(mint(P3, price=str(2 ** 128 - 1)))                           # token 8
    ok(nft(BIG, "purchase_subscription", {"nft_id": "8", "periods": 1}, value=str(2 ** 128 - 1)))
    ok(job("5000", 10, caller=P3))                                  # job 10, P3's: expires, slashed
    ok(bid("10", "3000", 3, "500"))
    ok(q(P3, "assign_provider", {"job_id": "10", "provider": PROVIDER}))

    # phala_job_processor
    no("EmptyPayload", phala(OTHER, "submit_confidential_job", {"encrypted_payload": "", "public_key": "k"}))
    no("PayloadTooLarge", phala(OTHER, "submit_confidential_job", {"encrypted_payload": "p" * 4097, "public_key": "k"}))
    no("EmptyPublicKey", phala(OTHER, "submit_confidential_job", {"encrypted_payload": "p", "public_key": ""}))
    no("PublicKeyTooLarge", phala(OTHER, "submit_confidential_job", {"encrypted_payload": "p", "public_key": "k" * 257}))
    ok(phala(OTHER, "submit_confidential_job", {"encrypted_payload": "p", "public_key": "k"}))   # confidential job 1
    ok(phala(OTHER, "get_rate_window", {"account": OTHER}))
    ok(phala(OTHER, "get_job", {"job_id": "1"}))
    no("NotQueue", phala(OTHER, "route_confidential_job",
                         {"queue_job_id": "1", "owner": OTHER, "encrypted_payload": "p", "public_key": "k"}))
    # the queue's private submissions: phala's limits refuse inside them
    no("CalleeFailed", submit(SUB, "5000", 100, compute="PhalaTee", private=True, payload="", key_="k"))
    no("CalleeFailed", submit(SUB, "5000", 100, compute="PhalaTee", private=True, payload="p" * 4097, key_="k"))
    no("CalleeFailed", submit(SUB, "5000", 100, compute="PhalaTee", private=True, payload="p", key_="k" * 257))
    ok(register_as(P4, caps=4))
    ok(submit(SUB, "5000", 8, compute="PhalaTee", private=True, payload="p", key_="k"))    # job 11, confidential 2
    ok(submit(SUB, "5000", 100, compute="PhalaTee", private=True, payload="p", key_="k"))  # job 12, confidential 3
    ok(bid_by(P4, "11", "3000", 3, "500"))
    ok(bid_by(P4, "12", "3000", 3, "500"))
    ok(q(SUB, "assign_provider", {"job_id": "11", "provider": P4}))
    ok(q(SUB, "assign_provider", {"job_id": "12", "provider": P4}))
    ok(q(P4, "mark_in_progress", {"job_id": "11"}))
    ok(phala(ADMIN, "set_trusted_worker", {"pubkey": key(1), "trusted": True}))
    no("NoSuchJob", attest(1, 1, 99, HASH, 12000))
    no("InvalidResultHash", attest(1, 1, 1, ZERO_HASH, 12000))
    no("TimestampBeforeJob", attest(1, 1, 1, HASH, 6000))
    no("CalleeFailed", attest(1, 1, 3, HASH, 12000))             # job 12 is Assigned: the queue's WrongStatus
    no("NoSuchJob", phala(OWNER, "mark_job_processed", {"job_id": "99"}))
    no("NoAttestation", phala(OTHER, "mark_job_processed", {"job_id": "1"}))

    # mev_protection
    def intent(caller, value, token_out="USDT", token_in="DOT"):
        return m(caller, "submit_intent", {"encrypted_intent": "enc", "token_in": token_in, "token_out": token_out,
                                           "min_output": "1"}, value=value)
    no("ValueTooLarge", intent(BIG, TWO128))
    no("SameToken", intent(OTHER, "100", token_out="DOT"))
    no("NoSuchIntent", m(OTHER, "cancel_intent", {"intent_id": "99"}))
    ok(intent(OTHER, "100"))                                        # 1
    ok(intent(OTHER, "100"))                                        # 2, cancelled
    ok(intent(OTHER, "100", token_out="ETH"))                       # 3
    ok(intent(SUB, "100"))                                          # 4
    ok(m(OTHER, "cancel_intent", {"intent_id": "2"}))
    ok(m(OTHER, "get_intent", {"intent_id": "2"}))
    ok(esc(OTHER, "get_capital", {"intent_id": "2"}))
    no("BatchSizeOutOfRange", m(EXECUTOR, "create_batch", {"intent_ids": ["1"], "execution_route": "dex"}))
    no("DuplicateIntent", m(EXECUTOR, "create_batch", {"intent_ids": ["1", "1"], "execution_route": "dex"}))
    no("NoSuchIntent", m(EXECUTOR, "create_batch", {"intent_ids": ["1", "99"], "execution_route": "dex"}))
    no("NotPending", m(EXECUTOR, "create_batch", {"intent_ids": ["1", "2"], "execution_route": "dex"}))
    no("MixedPairs", m(EXECUTOR, "create_batch", {"intent_ids": ["1", "3"], "execution_route": "dex"}))
    ok(m(EXECUTOR, "create_batch", {"intent_ids": ["4", "1"], "execution_route": "dex"}))   # batch 1
    no("NotExecutor", m(OTHER, "execute_batch", {"batch_id": "1", "actual_output": "5", "execution_price": "1"}))
    no("NoSuchBatch", m(EXECUTOR, "execute_batch", {"batch_id": "99", "actual_output": "5", "execution_price": "1"}))
    ok(m(EXECUTOR, "execute_batch", {"batch_id": "1", "actual_output": "5", "execution_price": "1"}))
    ok(m(OTHER, "get_intent", {"intent_id": "1"}))
    ok(m(OTHER, "get_batch", {"batch_id": "1"}))
    ok(esc(OTHER, "get_capital", {"intent_id": "1"}))
    def big_intent(caller, value, min_output):
        return m(caller, "submit_intent", {"encrypted_intent": "enc", "token_in": "DOT", "token_out": "KSM",
                                           "min_output": min_output}, value=value)
    ok(big_intent(BIG, TWO127, "1"))                                # 5
    ok(big_intent(BIG, TWO127, "1"))                                # 6
    ok(big_intent(OTHER, "1", TWO127))                              # 7
    ok(big_intent(OTHER, "1", TWO127))                              # 8
    no("Overflow", m(EXECUTOR, "create_batch", {"intent_ids": ["5", "6"], "execution_route": "dex"}))   # input
    no("Overflow", m(EXECUTOR, "create_batch", {"intent_ids": ["7", "8"], "execution_route": "dex"}))   # volume
    no("NotAdmin", m(OTHER, "set_batch_config", {"batch_size": 6, "min_batch_size": 2}))
    no("InvalidConfig", m(ADMIN, "set_batch_config", {"batch_size": 6, "min_batch_size": 0}))
    ok(m(ADMIN, "set_batch_config", {"batch_size": 6, "min_batch_size": 2}))
    no("NotAdmin", m(OTHER, "set_executor", {"executor": OTHER}))
    no("NotAnAccount", m(ADMIN, "set_executor", {"executor": MEV}))           # the amendment: never a contract
    ok(m(ADMIN, "set_executor", {"executor": EXECUTOR}))

    # block 8: the deadlines of jobs 2, 6, 7 and 9 reached
    no("DeadlinePassed", q(OWNER, "assign_provider", {"job_id": "6", "provider": PROVIDER}, block=8))
    no("DeadlinePassed", q(PROVIDER, "mark_in_progress", {"job_id": "2"}))
    no("DeadlinePassed", q(PROVIDER, "mark_completed", {"job_id": "7", "result_hash": HASH}))
    no("CalleeFailed", attest(1, 1, 2, HASH, 48000))               # job 11 past its deadline: the queue's DeadlinePassed
    # block 12: job 8 expires; its penalty is 0
    ok(q(OTHER, "expire_job", {"job_id": "8"}, block=12))
    no("NothingToSlash", reg(VERIFIER, "slash_stake", {"provider": PROVIDER, "job_id": "8"}))
    ok(q(OTHER, "expire_job", {"job_id": "10"}))
    no("CalleeFailed", reg(VERIFIER, "slash_stake", {"provider": PROVIDER, "job_id": "10"}))  # P3's claimable
    # block 23: P2 (inactive since block 2) is past its unbonding
    no("ZeroAmount", reg(P2, "withdraw_stake", {"amount": "0"}, block=23))
    no("InsufficientStake", reg(P2, "withdraw_stake", {"amount": "10001"}))
    ok(reg(P2, "withdraw_stake", {"amount": "6000"}))
    ok(reg(OTHER, "get_provider_info", {"provider": P2}))
    no("StakeBelowMinimum", reg(P2, "set_active", {"is_active": True}))
    # an hour on: token 1's subscription and confidential job 1's time have run out
    no("SubscriptionExpired", nft(SUB, "access_data", {"nft_id": "1", "proof_of_payment": "1"}, block=700))
    no("StaleAttestation", attest(1, 1, 1, HASH, 12000))
    # the end of u64 time: a subscription ending at u64::MAX; an access token's end, then a
    # subscription's end, overflow
    ok(nft(SUB, "purchase_subscription", {"nft_id": "1", "periods": 1}, value="7",
           block=800, ts=str(2 ** 64 - 1 - 3_600_000)))
    no("Overflow", nft(SUB, "access_data", {"nft_id": "1", "proof_of_payment": "5"}, block=801, ts=U64_NEAR_MAX))
    no("Overflow", nft(SUB, "purchase_subscription", {"nft_id": "1", "periods": 1}, value="7"))
    return lines, want

def check_guards(emitted_path, want):
    """Each line refused with the error it names, every other line ok."""
    bad = []
    with open(emitted_path) as f:
        texts = f.readlines()
    if len(texts) != len(want):
        return [f"{emitted_path} has {len(texts)} lines, the flow {len(want)}"]
    if True:
        for n, (text, w) in enumerate(zip(texts, want), 1):
            line = json.loads(text)
            if "call" not in line:
                continue
            e = line["call"].get("expect", {})
            got = e.get("error") if e.get("status") == "reverted" else None
            if got != w:
                bad.append(f"line {n}: {line['call']['message']} expected {w}, the model: {e.get('status')} {got}")
    return bad

if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--check-guards":
        # make_flows.py --check-guards EMITTED: hold guards.jsonl to the refusals it is for
        bad = check_guards(sys.argv[2], guards()[1])
        print("\n".join(bad) if bad else "every line of the guards flow as intended")
        sys.exit(1 if bad else 0)

    out = sys.argv[1] if len(sys.argv) > 1 else "."
    for name, flow in [("public", public), ("private", private), ("failure", failure), ("data", data), ("mev", mev),
                       ("guards", lambda: guards()[0])]:
        with open(f"{out}/{name}.in.jsonl", "w") as f:
            for line in flow():
                f.write(json.dumps(line) + "\n")
