"""Files made to hurt a server that opens them; no Django here, so the load test can use them too."""

import io
import zipfile


def zip_bomb(workbook, megabytes=310):
    """The XLSX `workbook` (bytes) carrying one more part of `megabytes` MB of zeros, about 1.3 MB packed."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        with target.open("xl/media/image1.bin", "w", force_zip64=True) as part:
            zeros = bytes(1 << 20)
            for _megabyte in range(megabytes):
                part.write(zeros)
    return bomb.getvalue()
