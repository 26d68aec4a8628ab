//! DROP TYPE/FUNCTION/AGGREGATE/OPERATOR of missing objects, bit strings stored in tables,
//! and standard_conforming_strings = off in the lexer.

mod support;

use support::TestServer;

fn col0(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .expect(sql)
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(r.get(0).unwrap_or("").to_string()),
            _ => None,
        })
        .collect()
}

fn err(c: &mut postgres::Client, sql: &str) -> String {
    match c.simple_query(sql) {
        Ok(_) => panic!("{sql} succeeded"),
        Err(e) => e
            .as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_default(),
    }
}

#[test]
fn drop_missing_bits_and_escapes() {
    let srv = TestServer::start();
    let mut c = srv.client();
    assert_eq!(
        err(&mut c, "drop type nonesuch"),
        "type \"nonesuch\" does not exist"
    );
    assert_eq!(
        err(&mut c, "drop function nonesuch()"),
        "function nonesuch() does not exist"
    );
    assert_eq!(
        err(&mut c, "drop aggregate newcnt (float4)"),
        "aggregate newcnt(real) does not exist"
    );
    assert_eq!(
        err(&mut c, "drop aggregate newcnt (nonesuch)"),
        "type \"nonesuch\" does not exist"
    );
    assert_eq!(
        err(&mut c, "drop operator === (int4, int4)"),
        "operator does not exist: integer === integer"
    );
    c.batch_execute("drop type if exists nonesuch; drop function if exists nonesuch(int)")
        .expect("if exists");

    c.batch_execute(
        "create table bt (b bit(11), v varbit(11));
         insert into bt values (B'00000000000', B''), (B'01010101010', B'010101')",
    )
    .expect("bit table");
    assert_eq!(
        col0(&mut c, "select b || v from bt order by 1"),
        vec!["00000000000", "01010101010010101"]
    );

    c.batch_execute("set standard_conforming_strings = off")
        .expect("scs off");
    assert_eq!(col0(&mut c, r"select 'a\\b\'c'"), vec![r"a\b'c"]);
    assert_eq!(
        err(&mut c, r"select U&'d\0061t'"),
        "unsafe use of string constant with Unicode escapes"
    );
}
