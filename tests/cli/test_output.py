"""What every command prints: plain when piped, user text never markup, control characters escaped."""





def test_table_output_is_plain_when_piped(recs, seeded):
    out = recs.ok("list").stdout
    assert "\x1b[" not in out
    assert not any(ch in out for ch in "─│┃━╭╮")
    assert "Partially implemented" in out and "9 recommendations, 3 closed" in out


def test_user_text_is_never_markup(recs, empty):
    title = "[bold]x[/] and [/] and [red]y"
    recs.ok("add", title, "--actor", "[link=http://evil]UN[/link]")
    recs.ok("evidence", "add", "R1", "--summary", "[/]", "--source", "[i]s[/i]")
    assert title in recs.ok("list").stdout
    shown = recs.ok("show", "R1").stdout
    assert title in shown and "[link=http://evil]UN[/link]" in shown and "[i]s[/i]" in shown
    assert recs.json("show", "R1")["title"] == title


def test_control_characters_are_stored_exactly_and_escaped_in_tables(recs, empty):
    title = "bell\x07 esc\x1b[31mred"
    recs.ok("add", title, "--actor", "UN")
    assert recs.json("show", "R1")["title"] == title
    out = recs.ok("list", env={"COLUMNS": "200"}).stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "esc\\x1b[31mred" in out
