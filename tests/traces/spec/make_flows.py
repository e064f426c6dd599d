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

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    for name, flow in [("public", public), ("private", private), ("failure", failure), ("data", data), ("mev", mev)]:
        with open(f"{out}/{name}.in.jsonl", "w") as f:
            for line in flow():
                f.write(json.dumps(line) + "\n")
