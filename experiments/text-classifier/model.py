"""The classifier: hashed bag of words → 64 hidden units → one logit per label."""
import torch
from torch import nn

from features import LABELS, N_FEATURES

HIDDEN = 64


class TicketClassifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.Linear(N_FEATURES, HIDDEN)
        self.out = nn.Linear(HIDDEN, len(LABELS))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.out(torch.relu(self.hidden(features)))


def load(path: str) -> TicketClassifier:
    model = TicketClassifier()
    model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
    model.eval()
    return model
