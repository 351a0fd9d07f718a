"""`!reload` of a sheet that cannot be read: the problem is posted, the host's paths are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from simworld import World


def make_directory(sheet: Path) -> None:
    sheet.unlink()
    sheet.mkdir()


def make_symlink_loop(sheet: Path) -> None:
    sheet.unlink()
    sheet.symlink_to(sheet.name)


def make_article_loop(sheet: Path) -> None:
    article = sorted((sheet.parent.parent / "seeds").iterdir())[0]
    article.unlink()
    article.symlink_to(article.name)


@pytest.mark.parametrize("damage", [make_directory, make_symlink_loop, make_article_loop])
async def test_reload_never_posts_an_absolute_path(world: World, sheet_copy: Path, damage):
    """The refusal names the sheet relative to the project; the old sheet keeps serving."""
    damage(sheet_copy)
    served = world.bot.index

    await world.owner.send(world.channel, "!reload")

    posted = world.last().content
    assert posted.startswith("Reload failed")
    assert str(sheet_copy.parent.parent) not in posted
    assert str(Path.home()) not in posted
    assert world.bot.index is served


async def test_an_absolute_article_path_is_posted_relative_to_the_project(
    world: World, sheet_copy: Path
):
    """A sheet naming its article by absolute path is refused, quoting the path from the project."""
    project = sheet_copy.parent.parent
    article = sorted((project / "seeds").iterdir())[0]
    text = sheet_copy.read_text(encoding="utf-8")
    sheet_copy.write_text(
        text.replace(f"file: {article.name}", f"file: {article}", 1), encoding="utf-8"
    )

    await world.owner.send(world.channel, "!reload")

    posted = world.last().content
    assert posted.startswith("Reload failed")
    assert f"seeds/{article.name}" in posted
    assert str(project) not in posted
