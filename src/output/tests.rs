//! Tests of the safe output: destination checks, the swap, carrying
//! unchanged and unknown files over, the lock and stale-tree recovery.

use super::*;

#[test]
fn refuses_dangerous_destinations() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("docs");
    std::fs::create_dir_all(&src).unwrap();
    assert_eq!(
        check_destination(&src, &src, false).unwrap_err().code,
        "output-is-source"
    );
    assert_eq!(
        check_destination(t.path(), &src, false).unwrap_err().code,
        "output-contains-source"
    );
    assert_eq!(
        check_destination(&src.join("_site"), &src, false)
            .unwrap_err()
            .code,
        "output-inside-source"
    );
    assert!(check_destination(&src.join("_site"), &src, true).is_ok());
    let foreign = t.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    assert_eq!(
        check_destination(&foreign, &src, false).unwrap_err().code,
        "output-not-tolk"
    );
    assert!(check_destination(&t.path().join("new"), &src, false).is_ok());
}

#[test]
fn threads_writing_into_the_same_new_folders_all_succeed() {
    // Two threads may both find a folder missing; the one that loses the
    // race to create it must still write its file.
    let t = tempfile::tempdir().unwrap();
    for round in 0..20 {
        let out = Output::begin(&t.path().join(format!("site{round}"))).unwrap();
        std::thread::scope(|s| {
            for th in 0..4 {
                let out = &out;
                s.spawn(move || {
                    for i in 0..8 {
                        let rel = format!("d{}/e{}/f{th}-{i}.html", i % 2, i % 3);
                        out.write(&rel, b"x").unwrap();
                    }
                });
            }
        });
        out.abort();
    }
}

#[test]
fn commit_replaces_and_abort_keeps_previous_site() {
    let t = tempfile::tempdir().unwrap();
    let dest = t.path().join("site");
    let o = Output::begin(&dest).unwrap();
    o.write("a/b.html", b"one").unwrap();
    assert!(o.write("../evil", b"x").is_err());
    o.commit().unwrap();
    assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"one");
    let o = Output::begin(&dest).unwrap();
    o.write("a/b.html", b"two").unwrap();
    o.abort();
    assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"one");
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().ends_with(".tolk-lock"))
        .collect();
    assert_eq!(leftovers.len(), 1);
}

#[cfg(unix)]
fn ino(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(p).unwrap().ino()
}

#[cfg(unix)]
/// A committed site at `t/site` holding `a/b.html` = "same" and `c.html` = "old".
fn first_site(t: &Path) -> PathBuf {
    let dest = t.join("site");
    let o = Output::begin(&dest).unwrap();
    o.write("a/b.html", b"same").unwrap();
    o.write("c.html", b"old").unwrap();
    o.commit().unwrap();
    dest
}

fn tmp_of(o: &Output) -> PathBuf {
    match &o.sink {
        Sink::Disk { tmp, .. } => tmp.clone(),
        Sink::Memory(_) => unreachable!(),
    }
}

#[cfg(unix)]
#[test]
fn unchanged_file_is_carried_over_by_hard_link() {
    let t = tempfile::tempdir().unwrap();
    let dest = first_site(t.path());
    let before = ino(&dest.join("a/b.html"));
    let mtime = std::fs::metadata(dest.join("a/b.html"))
        .unwrap()
        .modified()
        .unwrap();
    let o = Output::begin(&dest).unwrap();
    o.write("a/b.html", b"same").unwrap();
    o.write("c.html", b"old").unwrap();
    assert_eq!(ino(&tmp_of(&o).join("a/b.html")), before);
    o.commit().unwrap();
    assert_eq!(ino(&dest.join("a/b.html")), before);
    assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
    assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
    let m = std::fs::metadata(dest.join("a/b.html")).unwrap();
    assert_eq!(m.modified().unwrap(), mtime);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(m.nlink(), 1, "the old tree is gone: no file shared");
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().ends_with(".tolk-lock"))
        .collect();
    assert_eq!(leftovers.len(), 1);
}

#[cfg(unix)]
#[test]
fn changed_file_is_written_anew_and_previous_untouched_until_commit() {
    let t = tempfile::tempdir().unwrap();
    let dest = first_site(t.path());
    let before = ino(&dest.join("c.html"));
    let o = Output::begin(&dest).unwrap();
    o.write("c.html", b"new").unwrap(); // same length, other bytes
    o.write("a/b.html", b"longer now").unwrap(); // other length
    let tmp = tmp_of(&o);
    assert_ne!(ino(&tmp.join("c.html")), before);
    assert_eq!(std::fs::read(tmp.join("c.html")).unwrap(), b"new");
    assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
    assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
    assert_eq!(ino(&dest.join("c.html")), before);
    o.commit().unwrap();
    assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"new");
    assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"longer now");
}

#[cfg(unix)]
#[test]
fn abort_after_carry_over_leaves_previous_site_identical() {
    let t = tempfile::tempdir().unwrap();
    let dest = first_site(t.path());
    let before = ino(&dest.join("a/b.html"));
    let o = Output::begin(&dest).unwrap();
    o.write("a/b.html", b"same").unwrap();
    assert_eq!(ino(&tmp_of(&o).join("a/b.html")), before);
    o.write("c.html", b"changed").unwrap();
    o.abort();
    assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
    assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
    assert_eq!(ino(&dest.join("a/b.html")), before);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(dest.join("a/b.html")).unwrap().nlink(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().ends_with(".tolk-lock"))
        .collect();
    assert_eq!(leftovers.len(), 1);
}

#[cfg(unix)]
#[test]
fn second_write_of_a_carried_over_path_leaves_previous_site_alone() {
    let t = tempfile::tempdir().unwrap();
    let dest = first_site(t.path());
    let src = t.path().join("src.bin");
    std::fs::write(&src, b"copied").unwrap();
    let o = Output::begin(&dest).unwrap();
    let tmp = tmp_of(&o);
    o.write("a/b.html", b"same").unwrap(); // carried over (linked)
    o.write("a/b.html", b"same").unwrap(); // linked again
    assert_eq!(ino(&tmp.join("a/b.html")), ino(&dest.join("a/b.html")));
    o.write("a/b.html", b"other").unwrap(); // must not truncate the old inode
    assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
    assert_eq!(std::fs::read(tmp.join("a/b.html")).unwrap(), b"other");
    o.write("c.html", b"old").unwrap(); // carried over
    o.copy("c.html", &src).unwrap(); // then replaced by a copy
    assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
    assert_eq!(std::fs::read(tmp.join("c.html")).unwrap(), b"copied");
    o.abort();
    assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"same");
    assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"old");
}

#[cfg(unix)]
#[test]
fn copies_are_carried_over_when_equal() {
    let t = tempfile::tempdir().unwrap();
    let dest = t.path().join("site");
    // Larger than a comparison chunk, differing only near the end.
    let mut big: Vec<u8> = (0..3 * CHUNK + 17).map(|i| (i % 251) as u8).collect();
    let src = t.path().join("big.png");
    std::fs::write(&src, &big).unwrap();
    let o = Output::begin(&dest).unwrap();
    o.copy("_res/big.png", &src).unwrap();
    o.commit().unwrap();
    let before = ino(&dest.join("_res/big.png"));
    let o = Output::begin(&dest).unwrap();
    o.copy("_res/big.png", &src).unwrap();
    o.commit().unwrap();
    assert_eq!(ino(&dest.join("_res/big.png")), before);
    assert_eq!(std::fs::read(dest.join("_res/big.png")).unwrap(), big);
    let n = big.len();
    big[n - 2] ^= 1;
    std::fs::write(&src, &big).unwrap();
    let o = Output::begin(&dest).unwrap();
    o.copy("_res/big.png", &src).unwrap();
    assert_eq!(
        std::fs::read(dest.join("_res/big.png")).unwrap()[n - 2],
        big[n - 2] ^ 1
    );
    o.commit().unwrap();
    assert_ne!(ino(&dest.join("_res/big.png")), before);
    assert_eq!(std::fs::read(dest.join("_res/big.png")).unwrap(), big);
}

#[cfg(unix)]
#[test]
fn no_carry_over_through_symlinks_or_other_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let dest = first_site(t.path());
    let outside = t.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("x.html"), b"same").unwrap();
    std::os::unix::fs::symlink(outside.join("x.html"), dest.join("x.html")).unwrap();
    std::os::unix::fs::symlink(&outside, dest.join("d")).unwrap();
    std::fs::set_permissions(dest.join("c.html"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let c = ino(&dest.join("c.html"));
    let o = Output::begin(&dest).unwrap();
    let tmp = tmp_of(&o);
    o.write("x.html", b"same").unwrap();
    o.write("d/x.html", b"same").unwrap();
    o.write("c.html", b"old").unwrap();
    assert_ne!(ino(&tmp.join("x.html")), ino(&outside.join("x.html")));
    assert_ne!(ino(&tmp.join("d/x.html")), ino(&outside.join("x.html")));
    assert_ne!(ino(&tmp.join("c.html")), c);
    o.commit().unwrap();
    assert!(!std::fs::symlink_metadata(dest.join("x.html"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(outside.join("x.html")).unwrap(), b"same");
}

#[test]
fn a_full_disk_stops_writing_after_one_error_and_never_swaps_in() {
    let t = tempfile::tempdir().unwrap();
    let dest = t.path().join("site");
    let o = Output::begin(&dest).unwrap();
    o.write("a.html", b"one").unwrap();
    let full = o.unless_full(|| {
        Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "No space left on device",
        ))
    });
    assert!(full.unwrap_err().to_string().contains("stops writing"));
    // Later writes are skipped, not reported one by one.
    o.write("b.html", b"two").unwrap();
    assert!(!tmp_of(&o).join("b.html").exists());
    assert!(o.commit().is_err());
    assert!(!dest.exists(), "a partial site is never swapped in");
}

#[test]
fn unknown_files_clashing_with_the_new_site_are_named() {
    let t = tempfile::tempdir().unwrap();
    let dest = t.path().join("site");
    let o = Output::begin(&dest).unwrap();
    o.write("index.html", b"one").unwrap();
    o.commit().unwrap();
    assert_eq!(
        std::fs::read_to_string(dest.join(MANIFEST)).unwrap(),
        "index.html\n"
    );
    std::fs::write(dest.join("CNAME"), "x").unwrap();
    std::fs::write(dest.join("robots.txt"), "mine").unwrap();
    let o = Output::begin(&dest).unwrap();
    o.write("index.html", b"two").unwrap();
    o.write("robots.txt", b"tolk's").unwrap();
    let (_, notes) = o.finish().unwrap();
    let msgs: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0].starts_with("Kept 1") && msgs[0].contains("CNAME"));
    assert!(msgs[1].contains("robots.txt"));
    assert_eq!(std::fs::read_to_string(dest.join("CNAME")).unwrap(), "x");
    assert_eq!(
        std::fs::read_to_string(dest.join("robots.txt")).unwrap(),
        "tolk's"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_swap_exchanges_both_folders_in_one_step() {
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    std::fs::write(a.join("x"), "a").unwrap();
    std::fs::write(b.join("x"), "b").unwrap();
    assert!(exchange(&a, &b));
    assert_eq!(std::fs::read_to_string(a.join("x")).unwrap(), "b");
    assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "a");
    assert!(!exchange(&a, &t.path().join("missing")));
}

#[test]
fn copy_errors_tell_reading_the_source_from_writing_the_site() {
    let t = tempfile::tempdir().unwrap();
    let o = Output::begin(&t.path().join("site")).unwrap();
    let e = o
        .copy("_res/a.png", &t.path().join("missing.png"))
        .unwrap_err();
    assert!(is_read_error(&e), "{e}");
    let e = o
        .copy("../evil.png", &t.path().join("missing.png"))
        .unwrap_err();
    assert!(!is_read_error(&e), "{e}");
    o.abort();
    let m = Output::memory(MemoryFiles::default());
    let e = m
        .copy("_res/a.png", &t.path().join("missing.png"))
        .unwrap_err();
    assert!(is_read_error(&e), "{e}");
}

#[test]
fn a_report_never_overwrites_a_source_file_and_is_written_whole() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("docs");
    std::fs::create_dir_all(&src).unwrap();
    for f in ["page.md", "docfx.json", "toc.yml"] {
        std::fs::write(src.join(f), "mine").unwrap();
        assert!(write_file_outside_sources(&src.join(f), &src, b"report").is_err());
        assert_eq!(std::fs::read_to_string(src.join(f)).unwrap(), "mine");
    }
    #[cfg(unix)]
    {
        let link = t.path().join("link.html");
        std::os::unix::fs::symlink(src.join("page.md"), &link).unwrap();
        assert!(write_file_outside_sources(&link, &src, b"report").is_err());
    }
    let out = t.path().join("_report.html");
    write_file_outside_sources(&out, &src, b"one").unwrap();
    write_file_outside_sources(&out, &src, b"two").unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "two");
    let names: Vec<_> = std::fs::read_dir(t.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
}

#[test]
fn memory_output_touches_no_disk() {
    let files = MemoryFiles::default();
    let o = Output::memory(files.clone());
    o.write("a/b.html", b"one").unwrap();
    assert!(o.write("../evil", b"x").is_err());
    assert!(o.write("/etc/x", b"x").is_err());
    assert_eq!(files.read().unwrap()["a/b.html"].as_slice(), b"one");
    assert_eq!(files.read().unwrap().len(), 1);
}
