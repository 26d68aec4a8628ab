//! Unit tests for inet/cidr/macaddr/macaddr8; the tables are PostgreSQL 10's inet.out results.

use super::*;

/// The (c, i) inputs INSERTed into INET_TBL by inet.sql.
const ROWS: [(&str, &str); 17] = [
    ("192.168.1", "192.168.1.226/24"),
    ("192.168.1.0/26", "192.168.1.226"),
    ("192.168.1", "192.168.1.0/24"),
    ("192.168.1", "192.168.1.0/25"),
    ("192.168.1", "192.168.1.255/24"),
    ("192.168.1", "192.168.1.255/25"),
    ("10", "10.1.2.3/8"),
    ("10.0.0.0", "10.1.2.3/8"),
    ("10.1.2.3", "10.1.2.3/32"),
    ("10.1.2", "10.1.2.3/24"),
    ("10.1", "10.1.2.3/16"),
    ("10", "10.1.2.3/8"),
    ("10", "11.1.2.3/8"),
    ("10", "9.1.2.3/8"),
    ("10:23::f1", "10:23::f1/64"),
    ("10:23::8000/113", "10:23::ffff"),
    ("::ffff:1.2.3.4", "::4.3.2.1/24"),
];

const BASIC: &str = r"     | 192.168.1.0/24     | 192.168.1.226/24
     | 192.168.1.0/26     | 192.168.1.226
     | 192.168.1.0/24     | 192.168.1.0/24
     | 192.168.1.0/24     | 192.168.1.0/25
     | 192.168.1.0/24     | 192.168.1.255/24
     | 192.168.1.0/24     | 192.168.1.255/25
     | 10.0.0.0/8         | 10.1.2.3/8
     | 10.0.0.0/32        | 10.1.2.3/8
     | 10.1.2.3/32        | 10.1.2.3
     | 10.1.2.0/24        | 10.1.2.3/24
     | 10.1.0.0/16        | 10.1.2.3/16
     | 10.0.0.0/8         | 10.1.2.3/8
     | 10.0.0.0/8         | 11.1.2.3/8
     | 10.0.0.0/8         | 9.1.2.3/8
     | 10:23::f1/128      | 10:23::f1/64
     | 10:23::8000/113    | 10:23::ffff
     | ::ffff:1.2.3.4/128 | ::4.3.2.1/24";

const HOST: &str = r"     | 192.168.1.226/24 | 192.168.1.226 | 192.168.1.226/24 |      4
     | 192.168.1.226    | 192.168.1.226 | 192.168.1.226/32 |      4
     | 192.168.1.0/24   | 192.168.1.0   | 192.168.1.0/24   |      4
     | 192.168.1.0/25   | 192.168.1.0   | 192.168.1.0/25   |      4
     | 192.168.1.255/24 | 192.168.1.255 | 192.168.1.255/24 |      4
     | 192.168.1.255/25 | 192.168.1.255 | 192.168.1.255/25 |      4
     | 10.1.2.3/8       | 10.1.2.3      | 10.1.2.3/8       |      4
     | 10.1.2.3/8       | 10.1.2.3      | 10.1.2.3/8       |      4
     | 10.1.2.3         | 10.1.2.3      | 10.1.2.3/32      |      4
     | 10.1.2.3/24      | 10.1.2.3      | 10.1.2.3/24      |      4
     | 10.1.2.3/16      | 10.1.2.3      | 10.1.2.3/16      |      4
     | 10.1.2.3/8       | 10.1.2.3      | 10.1.2.3/8       |      4
     | 11.1.2.3/8       | 11.1.2.3      | 11.1.2.3/8       |      4
     | 9.1.2.3/8        | 9.1.2.3       | 9.1.2.3/8        |      4
     | 10:23::f1/64     | 10:23::f1     | 10:23::f1/64     |      6
     | 10:23::ffff      | 10:23::ffff   | 10:23::ffff/128  |      6
     | ::4.3.2.1/24     | ::4.3.2.1     | ::4.3.2.1/24     |      6";

const BCAST: &str = r"     | 192.168.1.0/24     | 192.168.1.255/24 | 192.168.1.226/24 | 192.168.1.255/24
     | 192.168.1.0/26     | 192.168.1.63/26  | 192.168.1.226    | 192.168.1.226
     | 192.168.1.0/24     | 192.168.1.255/24 | 192.168.1.0/24   | 192.168.1.255/24
     | 192.168.1.0/24     | 192.168.1.255/24 | 192.168.1.0/25   | 192.168.1.127/25
     | 192.168.1.0/24     | 192.168.1.255/24 | 192.168.1.255/24 | 192.168.1.255/24
     | 192.168.1.0/24     | 192.168.1.255/24 | 192.168.1.255/25 | 192.168.1.255/25
     | 10.0.0.0/8         | 10.255.255.255/8 | 10.1.2.3/8       | 10.255.255.255/8
     | 10.0.0.0/32        | 10.0.0.0         | 10.1.2.3/8       | 10.255.255.255/8
     | 10.1.2.3/32        | 10.1.2.3         | 10.1.2.3         | 10.1.2.3
     | 10.1.2.0/24        | 10.1.2.255/24    | 10.1.2.3/24      | 10.1.2.255/24
     | 10.1.0.0/16        | 10.1.255.255/16  | 10.1.2.3/16      | 10.1.255.255/16
     | 10.0.0.0/8         | 10.255.255.255/8 | 10.1.2.3/8       | 10.255.255.255/8
     | 10.0.0.0/8         | 10.255.255.255/8 | 11.1.2.3/8       | 11.255.255.255/8
     | 10.0.0.0/8         | 10.255.255.255/8 | 9.1.2.3/8        | 9.255.255.255/8
     | 10:23::f1/128      | 10:23::f1        | 10:23::f1/64     | 10:23::ffff:ffff:ffff:ffff/64
     | 10:23::8000/113    | 10:23::ffff/113  | 10:23::ffff      | 10:23::ffff
     | ::ffff:1.2.3.4/128 | ::ffff:1.2.3.4   | ::4.3.2.1/24     | 0:ff:ffff:ffff:ffff:ffff:ffff:ffff/24";

const NETWORK: &str = r"     | 192.168.1.0/24     | 192.168.1.0/24     | 192.168.1.226/24 | 192.168.1.0/24
     | 192.168.1.0/26     | 192.168.1.0/26     | 192.168.1.226    | 192.168.1.226/32
     | 192.168.1.0/24     | 192.168.1.0/24     | 192.168.1.0/24   | 192.168.1.0/24
     | 192.168.1.0/24     | 192.168.1.0/24     | 192.168.1.0/25   | 192.168.1.0/25
     | 192.168.1.0/24     | 192.168.1.0/24     | 192.168.1.255/24 | 192.168.1.0/24
     | 192.168.1.0/24     | 192.168.1.0/24     | 192.168.1.255/25 | 192.168.1.128/25
     | 10.0.0.0/8         | 10.0.0.0/8         | 10.1.2.3/8       | 10.0.0.0/8
     | 10.0.0.0/32        | 10.0.0.0/32        | 10.1.2.3/8       | 10.0.0.0/8
     | 10.1.2.3/32        | 10.1.2.3/32        | 10.1.2.3         | 10.1.2.3/32
     | 10.1.2.0/24        | 10.1.2.0/24        | 10.1.2.3/24      | 10.1.2.0/24
     | 10.1.0.0/16        | 10.1.0.0/16        | 10.1.2.3/16      | 10.1.0.0/16
     | 10.0.0.0/8         | 10.0.0.0/8         | 10.1.2.3/8       | 10.0.0.0/8
     | 10.0.0.0/8         | 10.0.0.0/8         | 11.1.2.3/8       | 11.0.0.0/8
     | 10.0.0.0/8         | 10.0.0.0/8         | 9.1.2.3/8        | 9.0.0.0/8
     | 10:23::f1/128      | 10:23::f1/128      | 10:23::f1/64     | 10:23::/64
     | 10:23::8000/113    | 10:23::8000/113    | 10:23::ffff      | 10:23::ffff/128
     | ::ffff:1.2.3.4/128 | ::ffff:1.2.3.4/128 | ::4.3.2.1/24     | ::/24";

const MASKLEN: &str = r"     | 192.168.1.0/24     |            24 | 192.168.1.226/24 |            24
     | 192.168.1.0/26     |            26 | 192.168.1.226    |            32
     | 192.168.1.0/24     |            24 | 192.168.1.0/24   |            24
     | 192.168.1.0/24     |            24 | 192.168.1.0/25   |            25
     | 192.168.1.0/24     |            24 | 192.168.1.255/24 |            24
     | 192.168.1.0/24     |            24 | 192.168.1.255/25 |            25
     | 10.0.0.0/8         |             8 | 10.1.2.3/8       |             8
     | 10.0.0.0/32        |            32 | 10.1.2.3/8       |             8
     | 10.1.2.3/32        |            32 | 10.1.2.3         |            32
     | 10.1.2.0/24        |            24 | 10.1.2.3/24      |            24
     | 10.1.0.0/16        |            16 | 10.1.2.3/16      |            16
     | 10.0.0.0/8         |             8 | 10.1.2.3/8       |             8
     | 10.0.0.0/8         |             8 | 11.1.2.3/8       |             8
     | 10.0.0.0/8         |             8 | 9.1.2.3/8        |             8
     | 10:23::f1/128      |           128 | 10:23::f1/64     |            64
     | 10:23::8000/113    |           113 | 10:23::ffff      |           128
     | ::ffff:1.2.3.4/128 |           128 | ::4.3.2.1/24     |            24";

const CMP: &str = r"     | 192.168.1.226/24 | 192.168.1.0/24     | f  | f  | f  | t  | t  | t  | f  | t   | f   | t   | t
     | 192.168.1.226    | 192.168.1.0/26     | f  | f  | f  | t  | t  | t  | f  | f   | f   | f   | f
     | 192.168.1.0/24   | 192.168.1.0/24     | f  | t  | t  | t  | f  | f  | f  | t   | f   | t   | t
     | 192.168.1.0/25   | 192.168.1.0/24     | f  | f  | f  | t  | t  | t  | t  | t   | f   | f   | t
     | 192.168.1.255/24 | 192.168.1.0/24     | f  | f  | f  | t  | t  | t  | f  | t   | f   | t   | t
     | 192.168.1.255/25 | 192.168.1.0/24     | f  | f  | f  | t  | t  | t  | t  | t   | f   | f   | t
     | 10.1.2.3/8       | 10.0.0.0/8         | f  | f  | f  | t  | t  | t  | f  | t   | f   | t   | t
     | 10.1.2.3/8       | 10.0.0.0/32        | t  | t  | f  | f  | f  | t  | f  | f   | t   | t   | t
     | 10.1.2.3         | 10.1.2.3/32        | f  | t  | t  | t  | f  | f  | f  | t   | f   | t   | t
     | 10.1.2.3/24      | 10.1.2.0/24        | f  | f  | f  | t  | t  | t  | f  | t   | f   | t   | t
     | 10.1.2.3/16      | 10.1.0.0/16        | f  | f  | f  | t  | t  | t  | f  | t   | f   | t   | t
     | 10.1.2.3/8       | 10.0.0.0/8         | f  | f  | f  | t  | t  | t  | f  | t   | f   | t   | t
     | 11.1.2.3/8       | 10.0.0.0/8         | f  | f  | f  | t  | t  | t  | f  | f   | f   | f   | f
     | 9.1.2.3/8        | 10.0.0.0/8         | t  | t  | f  | f  | f  | t  | f  | f   | f   | f   | f
     | 10:23::f1/64     | 10:23::f1/128      | t  | t  | f  | f  | f  | t  | f  | f   | t   | t   | t
     | 10:23::ffff      | 10:23::8000/113    | f  | f  | f  | t  | t  | t  | t  | t   | f   | f   | t
     | ::4.3.2.1/24     | ::ffff:1.2.3.4/128 | t  | t  | f  | f  | f  | t  | f  | f   | t   | t   | t";

const SETMASK: &str = r"     | 192.168.1.226/24
     | 192.168.1.226/24
     | 192.168.1.0/24
     | 192.168.1.0/24
     | 192.168.1.255/24
     | 192.168.1.255/24
     | 10.1.2.3/24
     | 10.1.2.3/24
     | 10.1.2.3/24
     | 10.1.2.3/24
     | 10.1.2.3/24
     | 10.1.2.3/24
     | 11.1.2.3/24
     | 9.1.2.3/24
     | 10:23::f1/24
     | 10:23::ffff/24
     | ::4.3.2.1/24";

const NOT: &str = r" 192.168.1.226/24 | 63.87.254.29/24
 192.168.1.226    | 63.87.254.29
 192.168.1.0/24   | 63.87.254.255/24
 192.168.1.0/25   | 63.87.254.255/25
 192.168.1.255/24 | 63.87.254.0/24
 192.168.1.255/25 | 63.87.254.0/25
 10.1.2.3/8       | 245.254.253.252/8
 10.1.2.3/8       | 245.254.253.252/8
 10.1.2.3         | 245.254.253.252
 10.1.2.3/24      | 245.254.253.252/24
 10.1.2.3/16      | 245.254.253.252/16
 10.1.2.3/8       | 245.254.253.252/8
 11.1.2.3/8       | 244.254.253.252/8
 9.1.2.3/8        | 246.254.253.252/8
 10:23::f1/64     | ffef:ffdc:ffff:ffff:ffff:ffff:ffff:ff0e/64
 10:23::ffff      | ffef:ffdc:ffff:ffff:ffff:ffff:ffff:0
 ::4.3.2.1/24     | ffff:ffff:ffff:ffff:ffff:ffff:fbfc:fdfe/24";

const AND: &str = r" 192.168.1.226/24 | 192.168.1.0/24     | 192.168.1.0/24
 192.168.1.226    | 192.168.1.0/26     | 192.168.1.0
 192.168.1.0/24   | 192.168.1.0/24     | 192.168.1.0/24
 192.168.1.0/25   | 192.168.1.0/24     | 192.168.1.0/25
 192.168.1.255/24 | 192.168.1.0/24     | 192.168.1.0/24
 192.168.1.255/25 | 192.168.1.0/24     | 192.168.1.0/25
 10.1.2.3/8       | 10.0.0.0/8         | 10.0.0.0/8
 10.1.2.3/8       | 10.0.0.0/32        | 10.0.0.0
 10.1.2.3         | 10.1.2.3/32        | 10.1.2.3
 10.1.2.3/24      | 10.1.2.0/24        | 10.1.2.0/24
 10.1.2.3/16      | 10.1.0.0/16        | 10.1.0.0/16
 10.1.2.3/8       | 10.0.0.0/8         | 10.0.0.0/8
 11.1.2.3/8       | 10.0.0.0/8         | 10.0.0.0/8
 9.1.2.3/8        | 10.0.0.0/8         | 8.0.0.0/8
 10:23::f1/64     | 10:23::f1/128      | 10:23::f1
 10:23::ffff      | 10:23::8000/113    | 10:23::8000
 ::4.3.2.1/24     | ::ffff:1.2.3.4/128 | ::0.2.2.0";

const OR: &str = r" 192.168.1.226/24 | 192.168.1.0/24     | 192.168.1.226/24
 192.168.1.226    | 192.168.1.0/26     | 192.168.1.226
 192.168.1.0/24   | 192.168.1.0/24     | 192.168.1.0/24
 192.168.1.0/25   | 192.168.1.0/24     | 192.168.1.0/25
 192.168.1.255/24 | 192.168.1.0/24     | 192.168.1.255/24
 192.168.1.255/25 | 192.168.1.0/24     | 192.168.1.255/25
 10.1.2.3/8       | 10.0.0.0/8         | 10.1.2.3/8
 10.1.2.3/8       | 10.0.0.0/32        | 10.1.2.3
 10.1.2.3         | 10.1.2.3/32        | 10.1.2.3
 10.1.2.3/24      | 10.1.2.0/24        | 10.1.2.3/24
 10.1.2.3/16      | 10.1.0.0/16        | 10.1.2.3/16
 10.1.2.3/8       | 10.0.0.0/8         | 10.1.2.3/8
 11.1.2.3/8       | 10.0.0.0/8         | 11.1.2.3/8
 9.1.2.3/8        | 10.0.0.0/8         | 11.1.2.3/8
 10:23::f1/64     | 10:23::f1/128      | 10:23::f1
 10:23::ffff      | 10:23::8000/113    | 10:23::ffff
 ::4.3.2.1/24     | ::ffff:1.2.3.4/128 | ::ffff:5.3.3.5";

const PLUS: &str = r" 192.168.1.226/24 | 192.168.3.214/24
 192.168.1.226    | 192.168.3.214
 192.168.1.0/24   | 192.168.2.244/24
 192.168.1.0/25   | 192.168.2.244/25
 192.168.1.255/24 | 192.168.3.243/24
 192.168.1.255/25 | 192.168.3.243/25
 10.1.2.3/8       | 10.1.3.247/8
 10.1.2.3/8       | 10.1.3.247/8
 10.1.2.3         | 10.1.3.247
 10.1.2.3/24      | 10.1.3.247/24
 10.1.2.3/16      | 10.1.3.247/16
 10.1.2.3/8       | 10.1.3.247/8
 11.1.2.3/8       | 11.1.3.247/8
 9.1.2.3/8        | 9.1.3.247/8
 10:23::f1/64     | 10:23::2e5/64
 10:23::ffff      | 10:23::1:1f3
 ::4.3.2.1/24     | ::4.3.3.245/24";

const MINUS: &str = r" 192.168.1.226/24 | 192.167.255.238/24
 192.168.1.226    | 192.167.255.238
 192.168.1.0/24   | 192.167.255.12/24
 192.168.1.0/25   | 192.167.255.12/25
 192.168.1.255/24 | 192.168.0.11/24
 192.168.1.255/25 | 192.168.0.11/25
 10.1.2.3/8       | 10.1.0.15/8
 10.1.2.3/8       | 10.1.0.15/8
 10.1.2.3         | 10.1.0.15
 10.1.2.3/24      | 10.1.0.15/24
 10.1.2.3/16      | 10.1.0.15/16
 10.1.2.3/8       | 10.1.0.15/8
 11.1.2.3/8       | 11.1.0.15/8
 9.1.2.3/8        | 9.1.0.15/8
 10:23::f1/64     | 10:22:ffff:ffff:ffff:ffff:ffff:fefd/64
 10:23::ffff      | 10:23::fe0b
 ::4.3.2.1/24     | ::4.3.0.13/24";

const DIFF: &str = r" 192.168.1.226/24 | 192.168.1.0/24     |              226
 192.168.1.226    | 192.168.1.0/26     |              226
 192.168.1.0/24   | 192.168.1.0/24     |                0
 192.168.1.0/25   | 192.168.1.0/24     |                0
 192.168.1.255/24 | 192.168.1.0/24     |              255
 192.168.1.255/25 | 192.168.1.0/24     |              255
 10.1.2.3/8       | 10.0.0.0/8         |            66051
 10.1.2.3/8       | 10.0.0.0/32        |            66051
 10.1.2.3         | 10.1.2.3/32        |                0
 10.1.2.3/24      | 10.1.2.0/24        |                3
 10.1.2.3/16      | 10.1.0.0/16        |              515
 10.1.2.3/8       | 10.0.0.0/8         |            66051
 11.1.2.3/8       | 10.0.0.0/8         |         16843267
 9.1.2.3/8        | 10.0.0.0/8         |        -16711165
 10:23::f1/64     | 10:23::f1/128      |                0
 10:23::ffff      | 10:23::8000/113    |            32767
 ::4.3.2.1/24     | ::ffff:1.2.3.4/128 | -281470631346435";

const MERGE: &str = r" 192.168.1.0/24
 192.168.1.0/24
 192.168.1.0/24
 192.168.1.0/24
 192.168.1.0/24
 192.168.1.0/24
 10.0.0.0/8
 10.0.0.0/8
 10.1.2.3/32
 10.1.2.0/24
 10.1.0.0/16
 10.0.0.0/8
 10.0.0.0/7
 8.0.0.0/6
 10:23::/64
 10:23::8000/113
 ::/24";

fn table(block: &str) -> Vec<Vec<String>> {
    block
        .lines()
        .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
        .collect()
}

type Func = fn(&[Datum], &FuncCtx) -> PgResult<Datum>;

fn call(f: Func, args: &[Datum]) -> PgResult<Datum> {
    let env = SessionEnv::default();
    let cx = FuncCtx {
        env: &env,
        result_type: INET,
        arg_types: &[],
    };
    f(args, &cx)
}

fn show(typ: Oid, d: &Datum) -> String {
    match d {
        Datum::Bytea(_) => {
            let mut s = String::new();
            assert!(output(typ, d, &SessionEnv::default(), &mut s).unwrap());
            s
        }
        Datum::Text(t) => t.clone(),
        Datum::Int4(v) => v.to_string(),
        Datum::Int8(v) => v.to_string(),
        Datum::Bool(b) => (if *b { "t" } else { "f" }).to_string(),
        other => format!("{other:?}"),
    }
}

fn rows() -> Vec<(Datum, Datum)> {
    ROWS.iter()
        .map(|(c, i)| {
            (
                inet_datum(parse_inet(c, true).unwrap()),
                inet_datum(parse_inet(i, false).unwrap()),
            )
        })
        .collect()
}

#[test]
fn inet_tbl_io_and_functions() {
    let rows = rows();
    let basic = table(BASIC);
    let host = table(HOST);
    let bcast = table(BCAST);
    let net = table(NETWORK);
    let ml = table(MASKLEN);
    let setm = table(SETMASK);
    for (k, (c, i)) in rows.iter().enumerate() {
        assert_eq!(show(CIDR, c), basic[k][1], "cidr row {k}");
        assert_eq!(show(INET, i), basic[k][2], "inet row {k}");
        assert_eq!(
            show(TEXT, &call(network_host, std::slice::from_ref(i)).unwrap()),
            host[k][2]
        );
        assert_eq!(
            show(TEXT, &call(network_show, std::slice::from_ref(i)).unwrap()),
            host[k][3]
        );
        assert_eq!(
            show(
                INT4,
                &call(network_family, std::slice::from_ref(i)).unwrap()
            ),
            host[k][4]
        );
        assert_eq!(
            show(
                INET,
                &call(network_broadcast, std::slice::from_ref(c)).unwrap()
            ),
            bcast[k][2]
        );
        assert_eq!(
            show(
                INET,
                &call(network_broadcast, std::slice::from_ref(i)).unwrap()
            ),
            bcast[k][4]
        );
        assert_eq!(
            show(
                CIDR,
                &call(network_network, std::slice::from_ref(c)).unwrap()
            ),
            net[k][2]
        );
        assert_eq!(
            show(
                CIDR,
                &call(network_network, std::slice::from_ref(i)).unwrap()
            ),
            net[k][4]
        );
        assert_eq!(
            show(
                INT4,
                &call(network_masklen, std::slice::from_ref(c)).unwrap()
            ),
            ml[k][2]
        );
        assert_eq!(
            show(
                INT4,
                &call(network_masklen, std::slice::from_ref(i)).unwrap()
            ),
            ml[k][4]
        );
        let t = show(TEXT, &call(network_show, std::slice::from_ref(i)).unwrap());
        let reparsed = inet_datum(parse_inet(&t, false).unwrap());
        let r = call(inet_set_masklen, &[reparsed, Datum::Int4(24)]).unwrap();
        assert_eq!(show(INET, &r), setm[k][1]);
    }
}

#[test]
fn inet_tbl_comparisons() {
    let rows = rows();
    let cmp = table(CMP);
    let fns: [Func; 11] = [
        network_lt,
        network_le,
        network_eq,
        network_ge,
        network_gt,
        network_ne,
        network_sub,
        network_subeq,
        network_sup,
        network_supeq,
        network_overlap,
    ];
    for (k, (c, i)) in rows.iter().enumerate() {
        for (j, f) in fns.iter().enumerate() {
            let r = call(*f, &[i.clone(), c.clone()]).unwrap();
            assert_eq!(show(BOOL, &r), cmp[k][3 + j], "row {k} op {j}");
        }
    }
}

#[test]
fn inet_tbl_operators() {
    let rows = rows();
    let (not, and, or) = (table(NOT), table(AND), table(OR));
    let (plus, minus, diff) = (table(PLUS), table(MINUS), table(DIFF));
    for (k, (c, i)) in rows.iter().enumerate() {
        assert_eq!(
            show(INET, &call(inetnot, std::slice::from_ref(i)).unwrap()),
            not[k][1]
        );
        assert_eq!(
            show(INET, &call(inetand, &[i.clone(), c.clone()]).unwrap()),
            and[k][2]
        );
        assert_eq!(
            show(INET, &call(inetor, &[i.clone(), c.clone()]).unwrap()),
            or[k][2]
        );
        let r = call(inetpl, &[i.clone(), Datum::Int8(500)]).unwrap();
        assert_eq!(show(INET, &r), plus[k][1]);
        let r = call(inetmi_int8, &[i.clone(), Datum::Int8(500)]).unwrap();
        assert_eq!(show(INET, &r), minus[k][1]);
        let r = call(inetmi, &[i.clone(), c.clone()]).unwrap();
        assert_eq!(show(INT8, &r), diff[k][2]);
    }
}

#[test]
fn ordering_and_merge() {
    let rows = rows();
    let mut is: Vec<Inet> = rows.iter().map(|(_, i)| arg_inet(i).unwrap()).collect();
    is.sort_by(network_cmp);
    assert_eq!(format_inet(&is[0], false), "9.1.2.3/8");
    assert_eq!(format_inet(&is[16], false), "10:23::ffff");
    let mut cs: Vec<Inet> = rows.iter().map(|(c, _)| arg_inet(c).unwrap()).collect();
    cs.sort_by(network_cmp);
    assert_eq!(format_inet(&cs[0], true), "10.0.0.0/8");
    assert_eq!(format_inet(&cs[16], true), "10:23::8000/113");
    let merge = table(MERGE);
    for (k, (c, i)) in rows.iter().enumerate() {
        let r = call(inet_merge, &[c.clone(), i.clone()]).unwrap();
        assert_eq!(show(CIDR, &r), merge[k][0]);
    }
    let v6 = inet_datum(parse_inet("10::/8", false).unwrap());
    let e = call(inet_merge, &[rows[0].0.clone(), v6]).unwrap_err();
    assert_eq!(e.message, "cannot merge addresses from different families");
}

#[test]
fn arithmetic_edges() {
    let d = |s: &str| inet_datum(parse_inet(s, false).unwrap());
    let r = call(inetpl, &[d("127.0.0.1"), Datum::Int8(257)]).unwrap();
    assert_eq!(show(INET, &r), "127.0.1.2");
    let r = call(inetpl, &[d("127::1"), Datum::Int8(257)]).unwrap();
    assert_eq!(show(INET, &r), "127::102");
    let r = call(inetpl, &[d("127::1"), Datum::Int8(10000000000)]).unwrap();
    assert_eq!(show(INET, &r), "127::2:540b:e401");
    let r = call(inetmi, &[d("127.0.0.2"), d("127.0.1.246")]).unwrap();
    assert_eq!(r, Datum::Int8(-500));
    let r = call(inetmi, &[d("127::1"), d("127::2")]).unwrap();
    assert_eq!(r, Datum::Int8(-1));
    for (f, a, b) in [
        (
            inetpl as fn(&[Datum], &FuncCtx) -> PgResult<Datum>,
            d("127.0.0.1"),
            Datum::Int8(10000000000),
        ),
        (inetmi_int8, d("127.0.0.1"), Datum::Int8(10000000000)),
        (inetmi, d("126::1"), d("127::2")),
        (inetmi, d("127::1"), d("126::2")),
    ] {
        let e = call(f, &[a, b]).unwrap_err();
        assert_eq!(e.message, "result is out of range");
    }
}

#[test]
fn input_errors_and_forms() {
    let e = parse_inet("192.168.1.2/30", true).unwrap_err();
    assert_eq!(e.message, "invalid cidr value: \"192.168.1.2/30\"");
    assert_eq!(
        e.detail.as_deref(),
        Some("Value has bits set to right of mask.")
    );
    let e = parse_inet("ffff:ffff:ffff:ffff::/24", true).unwrap_err();
    assert_eq!(
        e.message,
        "invalid cidr value: \"ffff:ffff:ffff:ffff::/24\""
    );
    let e = parse_inet("1234::1234::1234", true).unwrap_err();
    assert_eq!(
        e.message,
        "invalid input syntax for type cidr: \"1234::1234::1234\""
    );
    for bad in [
        "10.1/24",
        "1.2.3",
        "256.1.1.1",
        "1.2.3.4/33",
        "x",
        "",
        "1.2.3.4 ",
    ] {
        let e = parse_inet(bad, false).unwrap_err();
        assert_eq!(
            e.message,
            format!("invalid input syntax for type inet: \"{bad}\"")
        );
    }
    let f = |s: &str, cidr: bool| format_inet(&parse_inet(s, cidr).unwrap(), cidr);
    assert_eq!(f("10.1.2/24", false), "10.1.2.0/24");
    assert_eq!(f("224", true), "224.0.0.0/4");
    assert_eq!(f("128", true), "128.0.0.0/16");
    assert_eq!(f("0x0A01", true), "10.1.0.0/16");
    assert_eq!(f("::1", false), "::1");
    assert_eq!(f("::", false), "::");
    assert_eq!(f("1::", false), "1::");
    assert_eq!(f("1:0:0:1::1", false), "1:0:0:1::1");
    assert_eq!(f("1:0:0:1:0:0:1:1", false), "1::1:0:0:1:1");
    assert_eq!(f("2001:db8:0:0:1:0:0:1", false), "2001:db8::1:0:0:1");
    assert_eq!(f("::ffff:10.1.2.3/120", false), "::ffff:10.1.2.3/120");
}

#[test]
fn abbrev_and_masks() {
    let c = |s: &str| inet_datum(parse_inet(s, true).unwrap());
    let i = |s: &str| inet_datum(parse_inet(s, false).unwrap());
    let t = |r: PgResult<Datum>| show(INET, &r.unwrap());
    assert_eq!(t(call(cidr_abbrev, &[c("10.1.0.0/16")])), "10.1/16");
    assert_eq!(
        t(call(cidr_abbrev, &[c("192.168.1.0/26")])),
        "192.168.1.0/26"
    );
    assert_eq!(t(call(cidr_abbrev, &[c("10.0.0.0/8")])), "10/8");
    assert_eq!(t(call(cidr_abbrev, &[c("0.0.0.0/0")])), "0/0");
    assert_eq!(t(call(cidr_abbrev, &[c("10:23::/64")])), "10:23::/64");
    assert_eq!(t(call(inet_abbrev, &[i("10.1.0.0/16")])), "10.1.0.0/16");
    assert_eq!(
        t(call(network_netmask, &[i("192.168.1.5/24")])),
        "255.255.255.0"
    );
    assert_eq!(
        t(call(network_hostmask, &[i("192.168.1.5/24")])),
        "0.0.0.255"
    );
    assert_eq!(t(call(network_netmask, &[i("::1/16")])), "ffff::");
    let r = call(cidr_set_masklen, &[c("192.168.1.0/24"), Datum::Int4(16)]);
    assert_eq!(t(r), "192.168.0.0/16");
    let e = call(inet_set_masklen, &[i("1.2.3.4"), Datum::Int4(33)]).unwrap_err();
    assert_eq!(e.message, "invalid mask length: 33");
    let r = call(inet_set_masklen, &[i("1.2.3.4/8"), Datum::Int4(-1)]);
    assert_eq!(t(r), "1.2.3.4");
}

#[test]
fn inet_binary_io() {
    let env = SessionEnv::default();
    let v = inet_datum(parse_inet("192.168.1.0/24", true).unwrap());
    let mut out = Vec::new();
    assert!(send(CIDR, &v, &env, &mut out).unwrap());
    assert_eq!(out, vec![2, 24, 1, 4, 192, 168, 1, 0]);
    assert_eq!(receive(CIDR, -1, &out, &env).unwrap().unwrap(), v);
    let e = receive(CIDR, -1, &[2, 24, 1, 4, 192, 168, 1, 1], &env)
        .unwrap()
        .unwrap_err();
    assert_eq!(e.message, "invalid external \"cidr\" value");
    let Datum::Bytea(p) = &v else { panic!() };
    assert_eq!(p, &vec![2, 24, 192, 168, 1, 0]);
}

#[test]
fn macaddr_forms() {
    for s in [
        "08:00:2b:01:02:03",
        "08-00-2b-01-02-03",
        "08002b:010203",
        "08002b-010203",
        "0800.2b01.0203",
        "0800-2b01-0203",
        "08002b010203",
        " 08:00:2b:01:02:03 ",
    ] {
        assert_eq!(
            format_mac(&parse_macaddr(s).unwrap()),
            "08:00:2b:01:02:03",
            "{s}"
        );
    }
    for s in ["0800:2b01:0203", "not even close"] {
        let e = parse_macaddr(s).unwrap_err();
        assert_eq!(
            e.message,
            format!("invalid input syntax for type macaddr: \"{s}\"")
        );
    }
    let e = parse_macaddr("100:00:2b:01:02:03").unwrap_err();
    assert_eq!(
        e.message,
        "invalid octet value in \"macaddr\" value: \"100:00:2b:01:02:03\""
    );
    let m = Datum::Bytea(parse_macaddr("08:00:2b:01:02:03").unwrap().to_vec());
    let s = |r: PgResult<Datum>| show(MACADDR, &r.unwrap());
    assert_eq!(
        s(call(macaddr_not, std::slice::from_ref(&m))),
        "f7:ff:d4:fe:fd:fc"
    );
    assert_eq!(
        s(call(macaddr_trunc, std::slice::from_ref(&m))),
        "08:00:2b:00:00:00"
    );
    let o = Datum::Bytea(parse_macaddr("01:02:03:04:05:06").unwrap().to_vec());
    assert_eq!(s(call(macaddr_or, &[m.clone(), o])), "09:02:2b:05:07:07");
}

#[test]
fn macaddr8_forms() {
    for s in [
        "08:00:2b:01:02:03     ",
        "    08:00:2b:01:02:03     ",
        "    08:00:2b:01:02:03",
        "08-00-2b-01-02-03",
        "08002b:010203",
        "08002b-010203",
        "0800.2b01.0203",
        "0800-2b01-0203",
        "08002b010203",
        "0800:2b01:0203",
    ] {
        assert_eq!(
            format_mac(&parse_macaddr8(s).unwrap()),
            "08:00:2b:ff:fe:01:02:03",
            "{s}"
        );
    }
    for s in [
        "08:00:2b:01:02:03:04:05     ",
        "    08:00:2b:01:02:03:04:05",
        "08-00-2b-01-02-03-04-05",
        "08002b:0102030405",
        "08002b-0102030405",
        "0800.2b01.0203.0405",
        "08002b01:02030405",
        "08002b0102030405",
    ] {
        assert_eq!(
            format_mac(&parse_macaddr8(s).unwrap()),
            "08:00:2b:01:02:03:04:05",
            "{s}"
        );
    }
    for s in [
        "123    08:00:2b:01:02:03",
        "08:00:2b:01:02:03  123",
        "123    08:00:2b:01:02:03:04:05",
        "08:00:2b:01:02:03:04:05  123",
        "08:00:2b:01:02:03:04:05:06:07",
        "08-00-2b-01-02-03-04-05-06-07",
        "08002b:01020304050607",
        "08002b01020304050607",
        "0z002b0102030405",
        "08002b010203xyza",
        "08:00-2b:01:02:03:04:05",
        "08:00:2b:01.02:03:04:05",
        "not even close",
    ] {
        let e = parse_macaddr8(s).unwrap_err();
        assert_eq!(
            e.message,
            format!("invalid input syntax for type macaddr8: \"{s}\"")
        );
    }
    let m = Datum::Bytea(parse_macaddr8("00:08:2b:01:02:03").unwrap().to_vec());
    let r = call(macaddr8_set7bit, &[m]).unwrap();
    assert_eq!(show(MACADDR8, &r), "02:08:2b:ff:fe:01:02:03");
    let m = Datum::Bytea(parse_macaddr8("08:00:2b:01:02:03:04:05").unwrap().to_vec());
    assert_eq!(
        show(
            MACADDR8,
            &call(macaddr8_not, std::slice::from_ref(&m)).unwrap()
        ),
        "f7:ff:d4:fe:fd:fc:fb:fa"
    );
    let e = call(macaddr8_to_macaddr, &[m]).unwrap_err();
    assert_eq!(
        e.message,
        "macaddr8 data out of range to convert to macaddr"
    );
}
