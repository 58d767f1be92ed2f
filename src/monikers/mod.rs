//! Monikers: owns the moniker catalog (which environments/versions exist,
//! grouped by product and ordered) and the evaluation of DocFX moniker range
//! expressions (`>= o365-worldwide || =o365-germany`) into [`MonikerSet`]s.
//!
//! Grammar (DocFX v3 `ExpressionCreator`):
//!
//! ```text
//! range      := set ( "||" set )*          ; union
//! set        := comparator+                ; intersection
//! comparator := op? moniker                ; missing op means "="
//! op         := "=" | "<" | "<=" | ">" | ">="
//! moniker    := [\w.-]+
//! ```
//!
//! Whitespace between tokens is optional; names are case-insensitive.
//! `<`, `<=`, `>`, `>=` select members of the moniker's *own product* only, so
//! comparators on different products intersect to the empty set.

//!
//! [`blocks`] analyses the `::: moniker range` blocks of a file; [`page`]
//! evaluates a page's own monikers (front matter and fileMetadata).

pub mod blocks;
pub mod page;

use std::collections::HashMap;
use std::fmt;

/// Set of moniker indexes into a [`Catalog`] (bitset, supports any catalog size).
///
/// Normalized: the word vector never ends with a zero word, so derived
/// equality, hashing and ordering are by content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MonikerSet {
    bits: Vec<u64>,
}

impl MonikerSet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(i: usize) -> Self {
        let mut s = Self::new();
        s.insert(i);
        s
    }

    pub fn insert(&mut self, i: usize) {
        let w = i / 64;
        if self.bits.len() <= w {
            self.bits.resize(w + 1, 0);
        }
        self.bits[w] |= 1u64 << (i % 64);
    }

    pub fn contains(&self, i: usize) -> bool {
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    pub fn union(&self, o: &Self) -> Self {
        let n = self.bits.len().max(o.bits.len());
        let bits = (0..n)
            .map(|k| self.bits.get(k).copied().unwrap_or(0) | o.bits.get(k).copied().unwrap_or(0))
            .collect();
        Self::normalized(bits)
    }

    pub fn intersect(&self, o: &Self) -> Self {
        let bits = self.bits.iter().zip(&o.bits).map(|(a, b)| a & b).collect();
        Self::normalized(bits)
    }

    pub fn difference(&self, o: &Self) -> Self {
        let bits = self
            .bits
            .iter()
            .enumerate()
            .map(|(k, a)| a & !o.bits.get(k).copied().unwrap_or(0))
            .collect();
        Self::normalized(bits)
    }

    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Members in increasing index order (= catalog order).
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    None
                } else {
                    let t = w.trailing_zeros() as usize;
                    w &= w - 1;
                    Some(k * 64 + t)
                }
            })
        })
    }

    fn normalized(mut bits: Vec<u64>) -> Self {
        while bits.last() == Some(&0) {
            bits.pop();
        }
        MonikerSet { bits }
    }
}

impl FromIterator<usize> for MonikerSet {
    fn from_iter<T: IntoIterator<Item = usize>>(iter: T) -> Self {
        let mut s = MonikerSet::new();
        for i in iter {
            s.insert(i);
        }
        s
    }
}

/// One moniker of a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moniker {
    /// Lower-cased name.
    pub name: String,
    pub product: String,
    pub order: i64,
}

/// The known monikers, grouped by product (products in order of first
/// appearance) and, within a product, stable-sorted by `order`. A moniker's
/// index is its position in that sequence.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    monikers: Vec<Moniker>,
    by_name: HashMap<String, usize>,
    /// For each moniker: (product number, position within the product).
    place: Vec<(usize, usize)>,
    /// For each product: its members' indexes, in order.
    products: Vec<Vec<usize>>,
}

#[derive(serde::Deserialize)]
struct DefinitionFile {
    monikers: Vec<DefinitionEntry>,
}

#[derive(serde::Deserialize)]
struct DefinitionEntry {
    moniker_name: String,
    product_name: String,
    #[serde(default)]
    order: i64,
}

impl Catalog {
    /// One product (`"default"`), ordered as given; names lower-cased,
    /// duplicates dropped (first occurrence wins). Blank names are skipped.
    pub fn single_product<I: IntoIterator<Item = S>, S: AsRef<str>>(names: I) -> Catalog {
        let entries = names
            .into_iter()
            .enumerate()
            .map(|(k, n)| Moniker {
                name: n.as_ref().trim().to_lowercase(),
                product: "default".to_string(),
                order: k as i64,
            })
            .collect();
        Self::build(entries)
    }

    /// DocFX moniker definition JSON:
    /// `{"monikers":[{"moniker_name","product_name","order"?}]}`; grouped by
    /// product (in order of first appearance), stable-sorted by `order`
    /// (default 0). Names are lower-cased; a duplicate name is dropped (first
    /// wins). `Err(message)` on bad JSON or shape, or a blank name.
    pub fn from_definition_json(text: &str) -> Result<Catalog, String> {
        let def: DefinitionFile =
            serde_json::from_str(text).map_err(|e| format!("Invalid moniker definition: {e}"))?;
        let mut entries = Vec::with_capacity(def.monikers.len());
        for e in def.monikers {
            let name = e.moniker_name.trim().to_lowercase();
            if name.is_empty() {
                return Err("Invalid moniker definition: empty moniker_name".to_string());
            }
            entries.push(Moniker {
                name,
                product: e.product_name,
                order: e.order,
            });
        }
        Ok(Self::build(entries))
    }

    fn build(entries: Vec<Moniker>) -> Catalog {
        // Group by product, products in order of first appearance.
        let mut product_ids: HashMap<String, usize> = HashMap::new();
        let mut groups: Vec<Vec<Moniker>> = Vec::new();
        let mut seen: HashMap<String, ()> = HashMap::new();
        for m in entries {
            if m.name.is_empty() || seen.insert(m.name.clone(), ()).is_some() {
                continue;
            }
            let id = *product_ids.entry(m.product.clone()).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[id].push(m);
        }
        let mut cat = Catalog::default();
        for (p, mut group) in groups.into_iter().enumerate() {
            group.sort_by_key(|m| m.order); // stable
            let mut members = Vec::with_capacity(group.len());
            for (pos, m) in group.into_iter().enumerate() {
                let idx = cat.monikers.len();
                cat.by_name.insert(m.name.clone(), idx);
                cat.place.push((p, pos));
                cat.monikers.push(m);
                members.push(idx);
            }
            cat.products.push(members);
        }
        cat
    }

    pub fn len(&self) -> usize {
        self.monikers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.monikers.is_empty()
    }

    /// Panics if `i` is out of range.
    pub fn moniker(&self, i: usize) -> &Moniker {
        &self.monikers[i]
    }

    /// Case-insensitive lookup (surrounding whitespace ignored).
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(&name.trim().to_lowercase()).copied()
    }

    pub fn all(&self) -> MonikerSet {
        (0..self.monikers.len()).collect()
    }

    /// Names of the members of `set`, in catalog order (indexes outside the
    /// catalog are ignored).
    pub fn names(&self, set: &MonikerSet) -> Vec<&str> {
        set.iter()
            .filter_map(|i| self.monikers.get(i).map(|m| m.name.as_str()))
            .collect()
    }

    /// Evaluate a range expression (see the module docs). Syntax errors are
    /// reported before unknown monikers (the whole expression is parsed
    /// first). A blank expression is `Err` with kind
    /// [`RangeErrorKind::Empty`] so callers decide what blank means.
    pub fn parse_range(&self, expr: &str) -> Result<MonikerSet, RangeError> {
        let ast = parse(expr)?;
        let mut result = MonikerSet::new();
        for set in &ast {
            let mut acc: Option<MonikerSet> = None;
            for c in set {
                let Some(idx) = self.index_of(&c.name) else {
                    return Err(RangeError {
                        kind: RangeErrorKind::UnknownMoniker,
                        offset: c.name_offset,
                        message: format!(
                            "Invalid moniker range: '{expr}'. Moniker '{}' is not defined.",
                            c.name
                        ),
                    });
                };
                let s = self.compare(c.op, idx);
                acc = Some(match acc {
                    None => s,
                    Some(a) => a.intersect(&s),
                });
            }
            if let Some(a) = acc {
                result = result.union(&a);
            }
        }
        Ok(result)
    }

    fn compare(&self, op: Op, idx: usize) -> MonikerSet {
        let (p, pos) = self.place[idx];
        let members = &self.products[p];
        let pick = |keep: &dyn Fn(usize) -> bool| {
            members
                .iter()
                .enumerate()
                .filter(|(k, _)| keep(*k))
                .map(|(_, &i)| i)
                .collect::<MonikerSet>()
        };
        match op {
            Op::Eq => MonikerSet::single(idx),
            Op::Lt => pick(&|k| k < pos),
            Op::Le => pick(&|k| k <= pos),
            Op::Gt => pick(&|k| k > pos),
            Op::Ge => pick(&|k| k >= pos),
        }
    }
}

/// What went wrong in a range expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeErrorKind {
    /// The expression is blank.
    Empty,
    /// An operator is not followed by a moniker name.
    ExpectedMoniker,
    /// Nothing usable where a comparator set must start (start, or after `||`).
    ExpectedComparatorSet,
    /// Input left over after a complete expression.
    TrailingInput,
    /// A name not in the catalog.
    UnknownMoniker,
}

/// A range expression error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeError {
    pub kind: RangeErrorKind,
    /// Byte offset into the expression where the problem starts.
    pub offset: usize,
    /// DocFX-style message, e.g.
    /// `Invalid moniker range: 'x'. Moniker 'x' is not defined.`
    pub message: String,
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RangeError {}

/// Moniker names mentioned in a range expression, in order of appearance,
/// lower-cased, deduplicated, without needing a catalog (used to build the
/// catalog from docfx.json group ranges). `Err` on syntax error (including
/// a blank expression).
pub fn names_in_range(expr: &str) -> Result<Vec<String>, RangeError> {
    let ast = parse(expr)?;
    let mut out: Vec<String> = Vec::new();
    for c in ast.iter().flatten() {
        if !out.contains(&c.name) {
            out.push(c.name.clone());
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Parser

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug)]
struct Comparator {
    op: Op,
    /// Lower-cased.
    name: String,
    name_offset: usize,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '-'
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        let rest = &self.src[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn error(&self, kind: RangeErrorKind, msg: String) -> RangeError {
        RangeError {
            kind,
            offset: self.pos,
            message: format!("Invalid moniker range: {msg}"),
        }
    }

    fn try_op(&mut self) -> Option<Op> {
        self.skip_ws();
        let r = self.rest();
        let (op, len) = if r.starts_with("<=") {
            (Op::Le, 2)
        } else if r.starts_with(">=") {
            (Op::Ge, 2)
        } else if r.starts_with('<') {
            (Op::Lt, 1)
        } else if r.starts_with('>') {
            (Op::Gt, 1)
        } else if r.starts_with('=') {
            (Op::Eq, 1)
        } else {
            return None;
        };
        self.pos += len;
        Some(op)
    }

    fn try_name(&mut self) -> Option<(String, usize)> {
        self.skip_ws();
        let r = self.rest();
        let len: usize = r
            .chars()
            .take_while(|&c| is_name_char(c))
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            return None;
        }
        let name = r[..len].to_lowercase();
        let start = self.pos;
        self.pos += len;
        Some((name, start))
    }

    fn try_comparator(&mut self) -> Result<Option<Comparator>, RangeError> {
        if let Some(op) = self.try_op() {
            match self.try_name() {
                Some((name, name_offset)) => Ok(Some(Comparator {
                    op,
                    name,
                    name_offset,
                })),
                None => Err(self.error(
                    RangeErrorKind::ExpectedMoniker,
                    format!("Expect a moniker string, but got '{}'.", self.rest()),
                )),
            }
        } else {
            Ok(self.try_name().map(|(name, name_offset)| Comparator {
                op: Op::Eq,
                name,
                name_offset,
            }))
        }
    }

    fn comparator_set(&mut self) -> Result<Vec<Comparator>, RangeError> {
        let Some(first) = self.try_comparator()? else {
            return Err(self.error(
                RangeErrorKind::ExpectedComparatorSet,
                format!("Expect a comparator set, but got '{}'.", self.rest()),
            ));
        };
        let mut set = vec![first];
        while let Some(c) = self.try_comparator()? {
            set.push(c);
        }
        Ok(set)
    }
}

fn parse(expr: &str) -> Result<Vec<Vec<Comparator>>, RangeError> {
    if expr.trim().is_empty() {
        return Err(RangeError {
            kind: RangeErrorKind::Empty,
            offset: 0,
            message: format!("Invalid moniker range: '{expr}'. The range is empty."),
        });
    }
    let mut p = Parser { src: expr, pos: 0 };
    let mut sets = vec![p.comparator_set()?];
    loop {
        p.skip_ws();
        if p.rest().starts_with("||") {
            p.pos += 2;
            sets.push(p.comparator_set()?);
        } else {
            break;
        }
    }
    p.skip_ws();
    if !p.rest().is_empty() {
        return Err(p.error(
            RangeErrorKind::TrailingInput,
            format!(
                "Parse ends before reaching end of string, unrecognized string: '{}'.",
                p.rest()
            ),
        ));
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DEF: &str = r#"{"monikers":[
        {"moniker_name":"netcore-1.0","product_name":".NET Core","order":1},
        {"moniker_name":"netcore-3.0","product_name":".NET Core","order":3},
        {"moniker_name":"DOTNET-1.0","product_name":".NET Framework"},
        {"moniker_name":"netcore-2.0","product_name":".NET Core","order":2},
        {"moniker_name":"dotnet-3.0","product_name":".NET Framework","order":1},
        {"moniker_name":"dotnet-2.0","product_name":".NET Framework","order":0}
    ]}"#;

    fn cat() -> Catalog {
        Catalog::from_definition_json(DEF).unwrap()
    }

    fn eval(c: &Catalog, r: &str) -> Vec<String> {
        let mut v: Vec<String> = c
            .names(&c.parse_range(r).unwrap())
            .into_iter()
            .map(String::from)
            .collect();
        v.sort();
        v
    }

    fn o365() -> Catalog {
        Catalog::single_product(["o365-worldwide", "o365-21vianet", "o365-germany"])
    }

    #[test]
    fn catalog_order_and_lookup() {
        let c = cat();
        let names: Vec<&str> = c.names(&c.all());
        assert_eq!(
            names,
            [
                "netcore-1.0",
                "netcore-2.0",
                "netcore-3.0",
                "dotnet-1.0",
                "dotnet-2.0",
                "dotnet-3.0"
            ]
        );
        assert_eq!(c.len(), 6);
        assert_eq!(c.index_of("DotNet-1.0"), Some(3));
        assert_eq!(c.moniker(3).product, ".NET Framework");
        assert_eq!(c.moniker(3).order, 0);
        assert_eq!(c.index_of("nope"), None);
    }

    #[test]
    fn definition_errors() {
        assert!(Catalog::from_definition_json("nope").is_err());
        assert!(Catalog::from_definition_json(r#"{"monikers":3}"#).is_err());
        assert!(Catalog::from_definition_json(r#"{"monikers":[{"moniker_name":"a"}]}"#).is_err());
        assert!(Catalog::from_definition_json(
            r#"{"monikers":[{"moniker_name":" ","product_name":"p"}]}"#
        )
        .is_err());
    }

    #[test]
    fn single_product_dedups_and_lowercases() {
        let c = Catalog::single_product(["B", "a", "b"]);
        assert_eq!(c.names(&c.all()), ["b", "a"]);
        assert_eq!(c.moniker(0).product, "default");
        assert!(Catalog::single_product(Vec::<String>::new()).is_empty());
    }

    #[test]
    fn spec_table() {
        let c = cat();
        assert!(eval(&c, "netcore-1.0 netcore-3.0").is_empty());
        assert_eq!(eval(&c, " Netcore-1.0 "), ["netcore-1.0"]);
        assert_eq!(eval(&c, ">NETCORE-1.0 <netcore-3.0"), ["netcore-2.0"]);
        assert_eq!(
            eval(&c, ">= netcore-1.0 < netcore-2.0 || dotnet-3.0"),
            ["dotnet-3.0", "netcore-1.0"]
        );
        assert_eq!(
            eval(&c, ">= netcore-2.0 || > dotnet-2.0"),
            ["dotnet-3.0", "netcore-2.0", "netcore-3.0"]
        );
    }

    #[test]
    fn operators() {
        let c = cat();
        assert_eq!(eval(&c, "<netcore-2.0"), ["netcore-1.0"]);
        assert_eq!(eval(&c, "<=netcore-2.0"), ["netcore-1.0", "netcore-2.0"]);
        assert_eq!(eval(&c, ">netcore-2.0"), ["netcore-3.0"]);
        assert_eq!(eval(&c, ">=netcore-2.0"), ["netcore-2.0", "netcore-3.0"]);
        assert_eq!(eval(&c, "=netcore-2.0"), ["netcore-2.0"]);
        assert_eq!(eval(&c, "<dotnet-1.0"), Vec::<String>::new());
    }

    #[test]
    fn whitespace_free_and_case() {
        let c = cat();
        assert_eq!(eval(&c, ">netcore-1.0<netcore-3.0"), ["netcore-2.0"]);
        assert_eq!(
            eval(&c, ">=NETCORE-2.0||>Dotnet-2.0"),
            ["dotnet-3.0", "netcore-2.0", "netcore-3.0"]
        );
        assert_eq!(eval(&c, "\t=netcore-1.0\n"), ["netcore-1.0"]);
    }

    #[test]
    fn cross_product_is_empty() {
        let c = cat();
        assert!(c
            .parse_range(">= netcore-2.0 > dotnet-2.0")
            .unwrap()
            .is_empty());
        assert!(c.parse_range("netcore-1.0 dotnet-1.0").unwrap().is_empty());
    }

    #[test]
    fn corpus_group_range() {
        let c = o365();
        let all = c
            .parse_range("=o365-worldwide || =o365-21vianet || =o365-germany")
            .unwrap();
        assert_eq!(all, c.all());
        assert_eq!(
            c.names(&c.parse_range("o365-21vianet").unwrap()),
            ["o365-21vianet"]
        );
        assert_eq!(
            names_in_range("=o365-worldwide || =O365-21vianet || =o365-germany || o365-worldwide")
                .unwrap(),
            ["o365-worldwide", "o365-21vianet", "o365-germany"]
        );
    }

    fn err(r: &str) -> RangeError {
        cat().parse_range(r).unwrap_err()
    }

    #[test]
    fn errors() {
        let e = err("");
        assert_eq!((e.kind, e.offset), (RangeErrorKind::Empty, 0));
        let e = err("   ");
        assert_eq!(e.kind, RangeErrorKind::Empty);
        assert!(names_in_range(" ").is_err());

        let e = err(">= ");
        assert_eq!(
            (e.kind.clone(), e.offset),
            (RangeErrorKind::ExpectedMoniker, 3)
        );
        assert_eq!(
            e.message,
            "Invalid moniker range: Expect a moniker string, but got ''."
        );
        let e = err("netcore-1.0 >=| x");
        assert_eq!(
            (e.kind.clone(), e.offset),
            (RangeErrorKind::ExpectedMoniker, 14)
        );
        assert_eq!(
            e.message,
            "Invalid moniker range: Expect a moniker string, but got '| x'."
        );

        let e = err("netcore-1.0 ||  ");
        assert_eq!(
            (e.kind.clone(), e.offset),
            (RangeErrorKind::ExpectedComparatorSet, 16)
        );
        let e = err("|| netcore-1.0");
        assert_eq!(
            (e.kind.clone(), e.offset),
            (RangeErrorKind::ExpectedComparatorSet, 0)
        );
        assert_eq!(
            e.message,
            "Invalid moniker range: Expect a comparator set, but got '|| netcore-1.0'."
        );

        let e = err("netcore-1.0 && netcore-2.0");
        assert_eq!(
            (e.kind.clone(), e.offset),
            (RangeErrorKind::TrailingInput, 12)
        );
        assert_eq!(
            e.message,
            "Invalid moniker range: Parse ends before reaching end of string, unrecognized string: '&& netcore-2.0'."
        );
        let e = err("netcore-1.0 | netcore-2.0");
        assert_eq!((e.kind, e.offset), (RangeErrorKind::TrailingInput, 12));

        let e = err(">= netcore-1.0 || =Foo-1");
        assert_eq!(
            (e.kind.clone(), e.offset),
            (RangeErrorKind::UnknownMoniker, 19)
        );
        assert_eq!(
            e.message,
            "Invalid moniker range: '>= netcore-1.0 || =Foo-1'. Moniker 'foo-1' is not defined."
        );
        // Syntax errors win over unknown names.
        assert_eq!(err("foo ||").kind, RangeErrorKind::ExpectedComparatorSet);
    }

    #[test]
    fn error_prints_its_docfx_message() {
        // What `?` into a `Box<dyn Error>` (or `{e}`) shows: the DocFX
        // message, not an empty line.
        let e = err("=nope");
        let shown: Box<dyn std::error::Error> = Box::new(e.clone());
        assert_eq!(
            shown.to_string(),
            "Invalid moniker range: '=nope'. Moniker 'nope' is not defined."
        );
        assert_eq!(format!("{e}"), e.message);
    }

    #[test]
    fn set_ops() {
        let a: MonikerSet = [1, 70, 130].into_iter().collect();
        let b: MonikerSet = [1, 2].into_iter().collect();
        assert_eq!(a.len(), 3);
        assert!(a.contains(130) && !a.contains(129) && !a.contains(100_000));
        assert_eq!(a.intersect(&b), MonikerSet::single(1));
        assert_eq!(a.difference(&b).iter().collect::<Vec<_>>(), [70, 130]);
        assert_eq!(a.union(&b).iter().collect::<Vec<_>>(), [1, 2, 70, 130]);
        assert_eq!(b.difference(&b), MonikerSet::new());
        assert!(a.intersect(&MonikerSet::single(200)).is_empty());
        // Normalization: equal content, equal value.
        let c: MonikerSet = [130].into_iter().collect();
        assert_eq!(c.difference(&MonikerSet::single(130)), MonikerSet::new());
    }

    fn range_strategy() -> impl Strategy<Value = String> {
        let names = prop::sample::select(vec![
            "netcore-1.0",
            "NETCORE-2.0",
            "netcore-3.0",
            "dotnet-1.0",
            "Dotnet-2.0",
            "dotnet-3.0",
        ]);
        let ops = prop::sample::select(vec!["", "=", "<", "<=", ">", ">="]);
        let ws = prop::sample::select(vec!["", " ", "  "]);
        let comparator = (ops, ws.clone(), names).prop_map(|(o, w, n)| format!("{o}{w}{n}"));
        let set = prop::collection::vec(comparator, 1..4).prop_map(|v| v.join(" "));
        (prop::collection::vec(set, 1..4), ws).prop_map(|(v, w)| v.join(&format!("{w}||{w}")))
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let c = cat();
            let _ = c.parse_range(&s);
            let _ = names_in_range(&s);
        }

        #[test]
        fn parse_never_panics_on_grammar_soup(s in "[<>=| a-zA-Z0-9.\\-_&é\t]{0,40}") {
            let c = cat();
            if let Err(e) = c.parse_range(&s) {
                prop_assert!(e.offset <= s.len());
                prop_assert!(s.is_char_boundary(e.offset));
            }
        }

        #[test]
        fn or_is_union(a in range_strategy(), b in range_strategy()) {
            let c = cat();
            let ra = c.parse_range(&a).unwrap();
            let rb = c.parse_range(&b).unwrap();
            let rab = c.parse_range(&format!("{a} || {b}")).unwrap();
            prop_assert_eq!(rab, ra.union(&rb));
        }
    }
}
