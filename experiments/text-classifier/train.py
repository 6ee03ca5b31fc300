"""Trains the ticket classifier deterministically and writes its weights to model.pt (about 0.5 MB)."""
import sys

import torch

from features import LABELS, featurize
from model import TicketClassifier
from training_data import EXAMPLES

EPOCHS = 200


def main(out: str = "model.pt") -> None:
    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    texts = [t for label in LABELS for t in EXAMPLES[label]]
    targets = torch.tensor([i for i, label in enumerate(LABELS) for _ in EXAMPLES[label]])
    features = torch.from_numpy(featurize(texts))
    model = TicketClassifier()
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(EPOCHS):
        optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(features), targets)
        loss.backward()
        optimiser.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(features).argmax(dim=1) == targets).float().mean().item()
    torch.save(model.state_dict(), out)
    print(f"trained on {len(texts)} examples: loss {loss.item():.4f}, training accuracy {accuracy:.2f}, wrote {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
