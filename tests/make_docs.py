#!/usr/bin/env python3
"""make_docs.py — write the test documents that need a program to make:
.docx files (good, truncated, zip bomb, XML bombs) and a small ASCII .pdf.

  make_docs.py docx SOURCE.txt OUT.docx   one paragraph a line; lines that
                                          start with 一、 get Heading 1, with
                                          （一） Heading 2, the first line Title
  make_docs.py docx-numbered SOURCE OUT   the same with 一、/（一） as Word's
                                          automatic numbering
  make_docs.py hostile DIR                broken and hostile .docx files
  make_docs.py pdf SOURCE.txt OUT.pdf     a PDF, one paragraph a line
"""
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.'
         'org/package/2006/content-types"/>')
STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">'
          '<w:style w:type="paragraph" w:styleId="a1"><w:name w:val="heading 1"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="a2"><w:name w:val="heading 2"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>'
          '</w:styles>')


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text, style=None):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    # split the text over two runs, as Word does, to test run joining
    half = len(text) // 2
    runs = "".join(f'<w:r><w:t xml:space="preserve">{esc(t)}</w:t></w:r>'
                   for t in (text[:half], text[half:]) if t)
    return f"<w:p>{ppr}{runs}</w:p>"


def document(body):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')


def write_docx(path, doc_xml, styles=STYLES):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("word/document.xml", doc_xml)
        if styles:
            z.writestr("word/styles.xml", styles)


NUMBERING = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
             '<w:abstractNum w:abstractNumId="7">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
             '<w:lvlText w:val="%1、"/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
             '<w:lvlText w:val="（%2）"/></w:lvl>'
             '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
             '</w:numbering>')


def docx_numbered(src, out):
    """The same material with 一、 and （一） made by Word's automatic
    numbering (numbering.xml), not typed: no heading styles at all."""
    body = []
    for line in (l.strip() for l in open(src, encoding="utf-8")):
        if not line:
            continue
        ppr = ""
        if line[1:2] == "、":
            line, ppr = line[2:], '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>'
        elif line.startswith("（") and line[2:3] == "）":
            line, ppr = line[3:], '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr>'
        body.append(f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{esc(line)}</w:t></w:r></w:p>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("word/document.xml", document("".join(body)))
        z.writestr("word/numbering.xml", NUMBERING)


def docx(src, out):
    body = []
    lines = [l.strip() for l in open(src, encoding="utf-8") if l.strip()]
    for i, line in enumerate(lines):
        style = None
        if i == 0:
            style = "a3"
        elif line[1:2] == "、":
            style = "a1"
        elif line.startswith("（") and line[2:3] == "）" and len(line) < 30:
            style = "a2"
        body.append(para(line, style))
    write_docx(out, document("".join(body)))


def hostile(d):
    good = document(para("正常的段落，谈好人主义。"))
    write_docx(f"{d}/good.docx", good)
    # truncated: a docx cut in the middle of its text
    many = document("".join(para(f"第{i}段，内容各不相同{i * 7919}。")
                            for i in range(3000)))
    write_docx(f"{d}/long.docx", many)
    data = open(f"{d}/long.docx", "rb").read()
    open(f"{d}/truncated.docx", "wb").write(data[: len(data) // 2])
    # not a zip at all
    open(f"{d}/notzip.docx", "wb").write(b"this is not a zip file" * 10)
    # zip bomb: 200 MB of one character in document.xml, deflated
    with zipfile.ZipFile(f"{d}/bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        with z.open("word/document.xml", "w") as f:
            f.write(document("").encode()[:-len("</w:body></w:document>")])
            chunk = b"<w:p><w:r><w:t>" + b"a" * (1 << 20) + b"</w:t></w:r></w:p>"
            for _ in range(200):
                f.write(chunk)
            f.write(b"</w:body></w:document>")
    # billion laughs: entities must not be expanded
    lol = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "好人主义好人主义">'
           + "".join(f'<!ENTITY {chr(98 + i)} "&{chr(97 + i)};&{chr(97 + i)};'
                     f'&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};'
                     f'&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};">'
                     for i in range(9))
           + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r>'
           '</w:p></w:body></w:document>')
    write_docx(f"{d}/lol.docx", lol, None)
    # external entity: must not be read
    xxe = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
           '"file:///etc/passwd">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>外部&x;</w:t></w:r>'
           '</w:p></w:body></w:document>')
    write_docx(f"{d}/xxe.docx", xxe, None)
    # deeply nested elements
    deep = ("<w:r>" * 100000) + ("</w:r>" * 100000)
    write_docx(f"{d}/deep.docx", document(f"<w:p>{deep}</w:p>"), None)


def pdf(src, out):
    """A PDF of SOURCE.txt, a paragraph a line on pages of 12: a Type0 font
    with Identity-H codes equal to the code points and a ToUnicode map, so
    pdftotext gets the Chinese text back without any font installed."""
    lines = [l.strip() for l in open(src, encoding="utf-8") if l.strip()]
    chars = sorted(set("".join(lines)) | {" "})
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
    for k in range(0, len(chars), 100):
        part = chars[k:k + 100]
        cmap += f"{len(part)} beginbfchar\n" + "\n".join(
            f"<{ord(c):04X}> <{ord(c):04X}>" for c in part) + "\nendbfchar\n"
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end"
    # rows of at most 50 characters; a paragraph's rows sit close together,
    # paragraphs apart; 14 rows a page
    rows = []
    for line in lines:
        for k in range(0, len(line), 50):
            rows.append((line[k:k + 50], k + 50 >= len(line)))
    pages = [rows[k:k + 14] for k in range(0, len(rows), 14)]
    npages = len(pages)
    # objects: 1 catalog, 2 pages, 3 font, 4 cidfont, 5 tounicode, 6 descriptor,
    # then per page: page, contents
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [" + " ".join(f"{7 + 2 * k} 0 R" for k in range(npages))
            + f"] /Count {npages} >>",
            "<< /Type /Font /Subtype /Type0 /BaseFont /MzSans /Encoding /Identity-H "
            "/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MzSans /CIDSystemInfo "
            "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            "/FontDescriptor 6 0 R /DW 1000 >>",
            f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream",
            "<< /Type /FontDescriptor /FontName /MzSans /Flags 4 /FontBBox "
            "[0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 "
            "/CapHeight 700 /StemV 80 >>"]
    for k, page in enumerate(pages):
        body = "BT /F1 10 Tf 20 760 Td " + " ".join(
            "<" + "".join(f"{ord(c):04X}" for c in row) + "> Tj "
            + ("0 -60 Td" if last else "0 -12 Td")
            for row, last in page) + " ET"
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] "
                    f"/Contents {8 + 2 * k} 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        objs.append(f"<< /Length {len(body)} >>\nstream\n{body}\nendstream")
    data = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(data))
        data += f"{i} 0 obj\n{o}\nendobj\n".encode()
    xref = len(data)
    data += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    data += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    data += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\n"
             f"startxref\n{xref}\n%%EOF\n").encode()
    open(out, "wb").write(data)


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "docx":
        docx(sys.argv[2], sys.argv[3])
    elif what == "docx-numbered":
        docx_numbered(sys.argv[2], sys.argv[3])
    elif what == "hostile":
        hostile(sys.argv[2])
    elif what == "pdf":
        pdf(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
