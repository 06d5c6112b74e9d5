//! Looking into an old binary Excel workbook (xls) before calamine reads it.
//!
//! An xls file is a compound file (sectors chained by a table, like a
//! small file system) holding a `Workbook` stream of BIFF records. calamine
//! reads every sheet when it opens the file, and trusts what it reads: a
//! sheet's `DIMENSION` record makes it reserve room for rows x columns
//! cells (a 2 KB file can declare 4 billion rows), the farthest cell makes
//! a dense grid, and a chain of sectors that loops is followed until memory
//! runs out.
//!
//! So here, first, the file's size is checked; then the chains are followed
//! with a bound on the steps (a loop or a sector outside the file refuses
//! the file as broken), and every record of every sheet is read without
//! keeping it: the declared dimension, the row and column of every cell and
//! the number of cells are checked against the workbook limits. Anything
//! past a limit refuses the whole file, naming the limit.

use super::workbook::{column_name, Exceeded, Limits};

/// The largest xls read: a full BIFF8 sheet of a platform's export is a
/// few tens of megabytes.
pub const XLS_BYTES: u64 = 64 << 20;

/// Why an xls file is refused before calamine reads it.
#[derive(Debug)]
pub enum XlsProblem {
    Exceeded(Exceeded),
    /// Not a compound file as Excel writes it (a loop, a sector outside the
    /// file, no workbook stream).
    Broken(&'static str),
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

struct Compound<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
}

impl<'a> Compound<'a> {
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let size = 1usize << self.shift;
        let at = (id as usize).checked_add(1)?.checked_mul(size)?;
        self.bytes.get(at..at.checked_add(size)?)
    }

    /// The sectors of a chain, in order; a loop or a sector outside the
    /// table is refused.
    fn chain(&self, table: &[u32], start: u32) -> Result<Vec<u32>, XlsProblem> {
        let mut out = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN && id != FREE {
            if out.len() > table.len() {
                return Err(XlsProblem::Broken("a chain of sectors loops"));
            }
            out.push(id);
            id = *table
                .get(id as usize)
                .ok_or(XlsProblem::Broken("a sector outside the file"))?;
        }
        Ok(out)
    }

    /// The bytes of a chain of big sectors, at most `len`.
    fn read(&self, start: u32, len: usize) -> Result<Vec<u8>, XlsProblem> {
        let mut out = Vec::new();
        for id in self.chain(&self.fat, start)? {
            let s = self
                .sector(id)
                .ok_or(XlsProblem::Broken("a sector outside the file"))?;
            out.extend_from_slice(s);
            if out.len() >= len {
                break;
            }
        }
        out.truncate(len);
        Ok(out)
    }
}

/// Reads the compound file's tables and returns its workbook stream.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, XlsProblem> {
    let broken = XlsProblem::Broken;
    let shift = u32::from(u16_at(bytes, 0x1E).ok_or(broken("no header"))?);
    if !(7..=16).contains(&shift) {
        return Err(broken("a sector size Excel never writes"));
    }
    let sectors = (bytes.len() >> shift) as u32;
    let mut c = Compound {
        bytes,
        shift,
        fat: Vec::new(),
    };
    // The table's own sectors: 109 in the header, then a chain of more.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .filter(|id| *id < sectors)
        .collect();
    let mut next = u32_at(bytes, 0x44).unwrap_or(END_OF_CHAIN);
    let per = (1usize << shift) / 4;
    let mut steps = 0;
    while next < sectors {
        steps += 1;
        if steps > sectors as usize {
            return Err(broken("a chain of sectors loops"));
        }
        let s = c.sector(next).ok_or(broken("a sector outside the file"))?;
        fat_sectors.extend(
            (0..per - 1)
                .filter_map(|i| u32_at(s, 4 * i))
                .filter(|id| *id < sectors),
        );
        next = u32_at(s, 4 * (per - 1)).unwrap_or(END_OF_CHAIN);
    }
    if fat_sectors.len() > sectors as usize {
        return Err(broken("more table sectors than the file has"));
    }
    for id in fat_sectors {
        let s = c.sector(id).ok_or(broken("a sector outside the file"))?;
        c.fat.extend((0..per).filter_map(|i| u32_at(s, 4 * i)));
    }
    // The directory: 128-byte entries; the first is the root.
    let dir_start = u32_at(bytes, 0x30).ok_or(broken("no header"))?;
    let dir = c.read(dir_start, bytes.len())?;
    let entry = |i: usize| dir.get(i * 128..i * 128 + 128);
    let root = entry(0).ok_or(broken("no directory"))?;
    let mut stream = None;
    for i in 1..dir.len() / 128 {
        let Some(e) = entry(i) else { break };
        let name_len = usize::from(u16_at(e, 64).unwrap_or(0)).min(64);
        let name: Vec<u16> = (0..name_len.saturating_sub(2) / 2)
            .filter_map(|k| u16_at(e, 2 * k))
            .collect();
        let name = String::from_utf16_lossy(&name);
        if e[66] == 2 && (name == "Workbook" || name == "Book") {
            stream = Some((
                u32_at(e, 116).unwrap_or(END_OF_CHAIN),
                u32_at(e, 120).unwrap_or(0) as usize,
            ));
            break;
        }
    }
    let (start, size) = stream.ok_or(broken("no workbook stream"))?;
    if size > bytes.len() {
        return Err(broken("a stream larger than the file"));
    }
    let cutoff = u32_at(bytes, 0x38).unwrap_or(4096) as usize;
    if size >= cutoff {
        return c.read(start, size);
    }
    // A small stream lives in 64-byte sectors inside the root's stream.
    let mini_size = 1usize << u16_at(bytes, 0x20).unwrap_or(6).min(12);
    let ministream = c.read(
        u32_at(root, 116).unwrap_or(END_OF_CHAIN),
        (u32_at(root, 120).unwrap_or(0) as usize).min(bytes.len()),
    )?;
    let minifat_bytes = c.read(u32_at(bytes, 0x3C).unwrap_or(END_OF_CHAIN), bytes.len())?;
    let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
        .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
        .collect();
    let mut out = Vec::new();
    for id in c.chain(&minifat, start)? {
        let at = id as usize * mini_size;
        let s = ministream
            .get(at..at + mini_size)
            .ok_or(broken("a sector outside the file"))?;
        out.extend_from_slice(s);
        if out.len() >= size {
            break;
        }
    }
    out.truncate(size);
    Ok(out)
}

/// Checks an xls file against the limits before calamine reads it.
pub fn inspect_xls(bytes: &[u8], limits: &Limits) -> Result<(), XlsProblem> {
    let size = bytes.len() as u64;
    if size > XLS_BYTES {
        return Err(XlsProblem::Exceeded(Exceeded::FileSize {
            size,
            limit: XLS_BYTES,
        }));
    }
    let stream = workbook_stream(bytes)?;
    let mut at = 0;
    let mut cells: u64 = 0;
    // Per sheet: the first and last row and column of its cells.
    let mut span: Option<(u32, u32, u32, u32)> = None;
    let check_span = |span: Option<(u32, u32, u32, u32)>| -> Result<(), XlsProblem> {
        if let Some((r0, r1, c0, c1)) = span {
            let grid = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
            if grid > limits.cells {
                return Err(XlsProblem::Exceeded(Exceeded::Cells {
                    limit: limits.cells,
                }));
            }
        }
        Ok(())
    };
    while let (Some(kind), Some(len)) = (u16_at(&stream, at), u16_at(&stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + usize::from(len)).unwrap_or(&[]);
        at += 4 + usize::from(len);
        match kind {
            // BOF: a new substream (a sheet); its cells start afresh.
            0x0809 => {
                check_span(span.take())?;
            }
            // DIMENSION: calamine reserves room for all it declares.
            0x0200 => {
                let (r0, r1, c0, c1) = if data.len() >= 14 {
                    (
                        u64::from(u32_at(data, 0).unwrap_or(0)),
                        u64::from(u32_at(data, 4).unwrap_or(0)),
                        u64::from(u16_at(data, 8).unwrap_or(0)),
                        u64::from(u16_at(data, 10).unwrap_or(0)),
                    )
                } else {
                    (
                        u64::from(u16_at(data, 0).unwrap_or(0)),
                        u64::from(u16_at(data, 2).unwrap_or(0)),
                        u64::from(u16_at(data, 4).unwrap_or(0)),
                        u64::from(u16_at(data, 6).unwrap_or(0)),
                    )
                };
                let rows = r1.saturating_sub(r0) + 1;
                let columns = c1.saturating_sub(c0) + 1;
                if r1 < r0
                    || c1 < c0
                    || columns > u64::from(limits.columns)
                    || rows.saturating_mul(columns) > limits.cells
                {
                    return Err(XlsProblem::Exceeded(Exceeded::Dimension {
                        declared: format!(
                            "{}{}:{}{}",
                            column_name(c0 as u32),
                            r0 + 1,
                            column_name(c1.saturating_sub(1) as u32),
                            r1
                        ),
                        rows,
                        columns,
                        limit_columns: limits.columns,
                        limit_cells: limits.cells,
                    }));
                }
            }
            // Cells (number, label, shared-string label, bool/error, RK,
            // formula, rich label), and MULRK, several RK cells in a row.
            0x0203 | 0x0204 | 0x00FD | 0x0205 | 0x027E | 0x0006 | 0x00D6 | 0x00BD => {
                let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                let (row, first) = (u32::from(row), u32::from(col));
                let last = if kind == 0x00BD {
                    u32::from(u16_at(data, data.len().saturating_sub(2)).unwrap_or(col))
                } else {
                    first
                };
                if last >= limits.columns || first >= limits.columns {
                    return Err(XlsProblem::Exceeded(Exceeded::Column {
                        cell: format!("{}{}", column_name(last.max(first)), row + 1),
                        limit: limits.columns,
                    }));
                }
                cells += u64::from(last.saturating_sub(first)) + 1;
                if cells > limits.cells {
                    return Err(XlsProblem::Exceeded(Exceeded::Cells {
                        limit: limits.cells,
                    }));
                }
                span = Some(match span {
                    None => (row, row, first.min(last), last.max(first)),
                    Some((r0, r1, c0, c1)) => {
                        (r0.min(row), r1.max(row), c0.min(first), c1.max(last))
                    }
                });
                check_span(span)?;
            }
            _ => {}
        }
    }
    check_span(span)
}
