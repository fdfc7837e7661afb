//! One file of the synthetic extract, read back to cut the statutory returns from it.

use std::io;
use std::path::Path;

pub(super) struct Extract {
    pub header: csv::StringRecord,
    pub rows: Vec<csv::StringRecord>,
}

impl Extract {
    pub fn read(path: &Path) -> io::Result<Self> {
        let mut r = csv::Reader::from_path(path).map_err(io::Error::other)?;
        let header = r.headers().map_err(io::Error::other)?.clone();
        let rows = r.records().collect::<Result<Vec<_>, _>>().map_err(io::Error::other)?;
        Ok(Extract { header, rows })
    }

    /// The cell of `row` under `name` ("" where the file has no such column).
    pub fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> &'r str {
        self.header.iter().position(|h| h == name).map_or("", |i| &row[i])
    }
}
