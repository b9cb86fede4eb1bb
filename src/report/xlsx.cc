// The report as an Excel workbook (libxlsxwriter): sheet "Report" with every column, cells typed
// by the column table (numbers, booleans, text), a frozen bold header with filters; sheet
// "Columns" with each column's unit, type and meaning.
#include <fmt/format.h>
#include <xlsxwriter.h>

#include <system_error>

#include "common/error.h"
#include "report/report.h"
#include "report/xlsx.h"

namespace mlonmcu::report {

namespace {

// Excel's limit on a cell's text; longer reasons are cut (the CSV and JSON keep them whole).
constexpr size_t kMaxCellText = 32767;

void write_cell(lxw_worksheet* sheet, lxw_row_t r, lxw_col_t c, const Column& column, const std::string& text) {
  if (text.empty()) return;
  switch (column.type) {
    case ColumnType::Integer:
      if (auto v = parse_integer_cell(text)) {
        worksheet_write_number(sheet, r, c, static_cast<double>(*v), nullptr);
        return;
      }
      break;
    case ColumnType::Real:
      if (auto v = parse_real_cell(text)) {
        worksheet_write_number(sheet, r, c, *v, nullptr);
        return;
      }
      break;
    case ColumnType::Bool:
      if (auto v = parse_bool_cell(text)) {
        worksheet_write_boolean(sheet, r, c, *v ? 1 : 0, nullptr);
        return;
      }
      break;
    case ColumnType::Text:
      break;
  }
  worksheet_write_string(sheet, r, c, text.substr(0, kMaxCellText).c_str(), nullptr);
}

}  // namespace

void write_xlsx(const Report& report, const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const std::filesystem::path tmp = path.string() + ".tmp";
  lxw_workbook* book = workbook_new(tmp.c_str());
  if (book == nullptr) throw Error(ErrorKind::Io, fmt::format("cannot write {}", path.string()));
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);

  lxw_worksheet* sheet = workbook_add_worksheet(book, "Report");
  const auto& columns = report.column_list();
  for (size_t c = 0; c < columns.size(); ++c)
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), columns[c].name.c_str(), bold);
  lxw_row_t r = 1;
  for (const auto& row : report.rows()) {
    for (size_t c = 0; c < columns.size(); ++c) write_cell(sheet, r, static_cast<lxw_col_t>(c), columns[c], cell(row, columns[c].name));
    ++r;
  }
  worksheet_freeze_panes(sheet, 1, 0);
  if (!columns.empty()) worksheet_autofilter(sheet, 0, 0, r - 1, static_cast<lxw_col_t>(columns.size() - 1));

  lxw_worksheet* legend = workbook_add_worksheet(book, "Columns");
  const char* heads[] = {"Column", "Unit", "Type", "Meaning"};
  for (lxw_col_t c = 0; c < 4; ++c) worksheet_write_string(legend, 0, c, heads[c], bold);
  for (size_t i = 0; i < columns.size(); ++i) {
    const auto row = static_cast<lxw_row_t>(i + 1);
    worksheet_write_string(legend, row, 0, columns[i].name.c_str(), nullptr);
    worksheet_write_string(legend, row, 1, columns[i].unit.c_str(), nullptr);
    worksheet_write_string(legend, row, 2, column_type_name(columns[i].type), nullptr);
    worksheet_write_string(legend, row, 3, columns[i].description.c_str(), nullptr);
  }
  const lxw_error error = workbook_close(book);
  if (error != LXW_NO_ERROR) {
    std::filesystem::remove(tmp, ec);
    throw Error(ErrorKind::Io, fmt::format("cannot write {}: {}", path.string(), lxw_strerror(error)));
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot write {}: {}", path.string(), ec.message()));
}

}  // namespace mlonmcu::report
