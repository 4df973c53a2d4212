"""Capitals that a bibliography style must not lowercase are braced."""

import pytest

from surveybib.text.capitals import protect_capitals


@pytest.mark.parametrize(
    ("title", "protected"),
    [
        ("DPM-Solver: A Fast ODE Solver", "{DPM}-Solver: A Fast {ODE} Solver"),
        ("GANs trained by a Two Time-Scale Update Rule", "{GAN}s trained by a Two Time-Scale Update Rule"),
        ("Adding Conditional Control: ControlNet", "Adding Conditional Control: {ControlNet}"),
        ("Text-to-3D using 2D Diffusion", "Text-to-{3D} using {2D} Diffusion"),
        ("Hunyuan-DiT: A Powerful Transformer", "Hunyuan-{DiT}: A Powerful Transformer"),
        ("Denoising diffusion implicit models", "Denoising diffusion implicit models"),
        (r"\textbackslash{}input\textbraceleft{}x\textbraceright{} 100\% MoE", r"\textbackslash{}input\textbraceleft{}x\textbraceright{} 100\% {MoE}"),
        ("Already {GAN}s protected", "Already {GAN}s protected"),
    ],
)
def test_protect_capitals(title, protected):
    assert protect_capitals(title) == protected
    assert protect_capitals(protected) == protected  # idempotent
