"""Tiny LoRA training smoke test for the llama3-8b-ru-lora pipeline.

Fine-tunes a LoRA adapter on the tiny Llama checkpoint that `samovar train tiny-base` writes,
with transformers + peft + accelerate in two processes (gloo on the CPU), on conversations in the
format `samovar train dataset generate --out` writes. Loss on the assistant turns and their
<|eot_id|> only, as the recipe's axolotl config trains. Saves a PEFT adapter
(adapter_config.json, adapter_model.safetensors) that `samovar train merge` reads; fails, saving
nothing, when the loss has not fallen.

    accelerate launch --multi_gpu --num_processes 2 --num_machines 1 --mixed_precision no \
        --dynamo_backend no train.py --base BASE_DIR --data data.jsonl --out ADAPTER_DIR
"""

import argparse
import json
import os
import shutil
import sys

import torch
from accelerate import Accelerator
from accelerate.utils import InitProcessGroupKwargs, set_seed
from peft import LoraConfig, get_peft_model
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer

# The recipe's LoRA targets: every linear projection of a Llama block.
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
# The recipe's role mapping (axolotl.yaml `roles`): ShareGPT `from` to chat-template role.
ROLES = {"human": "user", "gpt": "assistant", "system": "system"}
IGNORE = -100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="tiny Hugging Face checkpoint")
    parser.add_argument("--data", required=True, help="JSONL from dataset generate --out")
    parser.add_argument("--out", required=True, help="PEFT adapter folder to write")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=2, help="per process")
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--alpha", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args()


def read_conversations(path):
    """The records of `path` as chat messages, checked like the recipe expects them."""
    conversations = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            turns = record["conversations"]
            if not turns or turns[0]["from"] != "human" or turns[-1]["from"] != "gpt":
                raise ValueError(f"{path}:{number}: a conversation runs from human to gpt")
            if "language" not in record:
                raise ValueError(f"{path}:{number}: no language")
            conversations.append(
                [{"role": ROLES[t["from"]], "content": t["value"]} for t in turns]
            )
    if not conversations:
        raise ValueError(f"{path}: no conversations")
    return conversations


def encode(tokenizer, messages, max_length):
    """Token ids of the chat template applied to `messages`, labels on assistant answers only."""
    ids, labels = [], []
    previous = ""
    for i, message in enumerate(messages):
        text = tokenizer.apply_chat_template(messages[: i + 1], tokenize=False)
        if message["role"] == "assistant":
            header = tokenizer.apply_chat_template(
                messages[:i], tokenize=False, add_generation_prompt=True
            )
            prompt = tokenizer(header[len(previous):], add_special_tokens=False)["input_ids"]
            answer = tokenizer(text[len(header):], add_special_tokens=False)["input_ids"]
            ids += prompt + answer
            labels += [IGNORE] * len(prompt) + answer
        else:
            piece = tokenizer(text[len(previous):], add_special_tokens=False)["input_ids"]
            ids += piece
            labels += [IGNORE] * len(piece)
        previous = text
    return {"input_ids": ids[:max_length], "labels": labels[:max_length]}


def collate(pad_id):
    def pad(examples):
        width = max(len(e["input_ids"]) for e in examples)
        batch = {"input_ids": [], "labels": [], "attention_mask": []}
        for e in examples:
            fill = width - len(e["input_ids"])
            batch["input_ids"].append(e["input_ids"] + [pad_id] * fill)
            batch["labels"].append(e["labels"] + [IGNORE] * fill)
            batch["attention_mask"].append([1] * len(e["input_ids"]) + [0] * fill)
        return {k: torch.tensor(v) for k, v in batch.items()}

    return pad


def main():
    args = parse_args()
    accelerator = Accelerator(cpu=True, kwargs_handlers=[InitProcessGroupKwargs(backend="gloo")])
    set_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.base)
    pad_id = tokenizer.convert_tokens_to_ids("<|finetune_right_pad_id|>")
    examples = [encode(tokenizer, m, args.max_length) for m in read_conversations(args.data)]
    trained = sum(1 for e in examples for label in e["labels"] if label != IGNORE)
    accelerator.print(
        f"train: {len(examples)} conversations, {trained} answer tokens,"
        f" {accelerator.num_processes} processes ({accelerator.distributed_type})"
    )

    model = AutoModelForCausalLM.from_pretrained(args.base, dtype=torch.float32)
    model = get_peft_model(
        model,
        LoraConfig(
            r=args.rank,
            lora_alpha=args.alpha,
            lora_dropout=0.0,
            target_modules=TARGETS,
            task_type="CAUSAL_LM",
        ),
    )
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=args.lr
    )
    loader = DataLoader(
        examples, batch_size=args.batch_size, shuffle=True, collate_fn=collate(pad_id)
    )
    model, optimizer, loader = accelerator.prepare(model, optimizer, loader)

    model.train()
    losses = []
    while len(losses) < args.steps:
        for batch in loader:
            loss = model(**batch).loss
            accelerator.backward(loss)
            optimizer.step()
            optimizer.zero_grad()
            mean = accelerator.reduce(loss.detach(), reduction="mean").item()
            losses.append(mean)
            accelerator.print(f"train: step {len(losses)}/{args.steps} loss {mean:.4f}")
            if len(losses) == args.steps:
                break

    window = min(5, len(losses))
    first = sum(losses[:window]) / window
    last = sum(losses[-window:]) / window
    if not last < first:
        accelerator.print(
            f"train: the loss did not fall ({first:.4f} -> {last:.4f}); no adapter saved"
        )
        sys.exit(1)
    accelerator.wait_for_everyone()
    if accelerator.is_main_process:
        part = args.out + ".part"
        shutil.rmtree(part, ignore_errors=True)
        accelerator.unwrap_model(model).save_pretrained(part, safe_serialization=True)
        shutil.rmtree(args.out, ignore_errors=True)
        os.replace(part, args.out)
        print(f"train: loss {first:.4f} -> {last:.4f}; adapter in {args.out}")


if __name__ == "__main__":
    main()
