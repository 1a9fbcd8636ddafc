"""Reply letters (答复函) laid out after GB/T 9704-2012, as DOCX (`docx.render_docx`) and PDF
(`pdf.render_pdf`), from a plain `letter.ReplyLetter`; no Flask, no database."""
