# SPDX-License-Identifier: EUPL-1.2
"""Every audit action and every role has words for people (issue 16.6)."""

from __future__ import annotations

from catalogue.audit.actions import Action
from catalogue.audit.wording import ACTION_WORDS, action_words
from catalogue.permissions.rules import ROLE_NAMES, Role
from catalogue.web.i18n import translations


def test_every_action_and_role_is_said_in_words_in_both_languages() -> None:
    assert set(ACTION_WORDS) == set(Action)
    assert set(ROLE_NAMES) == set(Role)
    dutch = translations("nl").gettext
    for words in (*ACTION_WORDS.values(), *ROLE_NAMES.values()):
        assert ":" not in words and "_" not in words
        assert dutch(words.template) != words.template
    assert action_words("catalogue:software:create") == "registered software"
    assert action_words("later:unknown:tag") == "later:unknown:tag"
