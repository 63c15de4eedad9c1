"""Tiny helpers to write printable A4 SVG handouts (units: millimetres)."""
import math
from xml.sax.saxutils import escape

FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
C30 = math.cos(math.radians(30))


class Sheet:
    def __init__(self, title, lang, w=210, h=297):
        self.w, self.h, self.lang, self.title = w, h, lang, title
        self.items = []

    def add(self, s):
        self.items.append(s)

    def line(self, x1, y1, x2, y2, w=0.35, dash=None, color="#000"):
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" '
                 f'stroke="{color}" stroke-width="{w}"{d} stroke-linecap="round"/>')

    def poly(self, pts, w=0.5, close=True, fill="none", dash=None, color="#000"):
        tag = "polygon" if close else "polyline"
        d = f' stroke-dasharray="{dash}"' if dash else ""
        p = " ".join(f"{x:.2f},{y:.2f}" for x, y in pts)
        self.add(f'<{tag} points="{p}" fill="{fill}" stroke="{color}" stroke-width="{w}"{d} '
                 f'stroke-linejoin="round"/>')

    def rect(self, x, y, w, h, sw=0.35, fill="none", color="#000", dash=None):
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{fill}" '
                 f'stroke="{color}" stroke-width="{sw}"{d}/>')

    def circle(self, cx, cy, r, w=0.35, fill="none", color="#000", dash=None):
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="{r:.2f}" fill="{fill}" stroke="{color}" '
                 f'stroke-width="{w}"{d}/>')

    def dot(self, cx, cy, r=0.6, color="#000"):
        self.add(f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="{r}" fill="{color}"/>')

    def text(self, x, y, s, size=3.5, anchor="start", weight="normal", style="normal",
             color="#000", rotate=None):
        r = f' transform="rotate({rotate} {x:.2f} {y:.2f})"' if rotate is not None else ""
        self.add(f'<text x="{x:.2f}" y="{y:.2f}" font-family="{FONT}" font-size="{size}" '
                 f'text-anchor="{anchor}" font-weight="{weight}" font-style="{style}" '
                 f'fill="{color}" xml:space="preserve"{r}>{escape(s)}</text>')

    def para(self, x, y, lines, size=3.2, lead=1.35, **kw):
        for i, s in enumerate(lines):
            self.text(x, y + i * size * lead, s, size=size, **kw)
        return y + len(lines) * size * lead

    def grid(self, x, y, w, h, step=5, color="#c8c8c8", sw=0.15):
        n = int(round(w / step))
        for i in range(n + 1):
            self.line(x + i * step, y, x + i * step, y + h, w=sw, color=color)
        m = int(round(h / step))
        for j in range(m + 1):
            self.line(x, y + j * step, x + w, y + j * step, w=sw, color=color)

    def iso_dots(self, x, y, w, h, step=5, color="#9a9a9a"):
        # isometric dot grid: rows of dots, horizontal spacing step*cos30*2, offset rows
        dy = step / 2
        dx = step * C30
        j = 0
        yy = y
        while yy <= y + h + 0.01:
            off = 0 if j % 2 == 0 else dx
            xx = x + off
            while xx <= x + w + 0.01:
                self.dot(xx, yy, r=0.35, color=color)
                xx += 2 * dx
            yy += dy
            j += 1

    def arrow(self, x1, y1, x2, y2, w=0.25, head=2.2):
        """Dimension line with arrowheads at both ends."""
        self.line(x1, y1, x2, y2, w=w)
        ang = math.atan2(y2 - y1, x2 - x1)
        for (px, py, a) in ((x1, y1, ang), (x2, y2, ang + math.pi)):
            a1, a2 = a + math.radians(18), a - math.radians(18)
            self.poly([(px, py), (px + head * math.cos(a1), py + head * math.sin(a1)),
                       (px + head * math.cos(a2), py + head * math.sin(a2))], w=0.1, fill="#000")

    def header(self, kicker, subtitle=None):
        self.text(12, 14, kicker, size=3, color="#444")
        self.text(12, 22, self.title, size=6, weight="bold")
        if subtitle:
            self.text(12, 28.5, subtitle, size=3.4, color="#222")
        self.line(12, 31, self.w - 12, 31, w=0.4)

    def footer(self, left, right):
        self.line(12, self.h - 12, self.w - 12, self.h - 12, w=0.2, color="#666")
        self.text(12, self.h - 8, left, size=2.6, color="#444")
        self.text(self.w - 12, self.h - 8, right, size=2.6, color="#444", anchor="end")

    def svg(self):
        body = "\n  ".join(self.items)
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.w}mm" height="{self.h}mm" '
                f'viewBox="0 0 {self.w} {self.h}" lang="{self.lang}">\n'
                f'  <title>{escape(self.title)}</title>\n'
                f'  <rect x="0" y="0" width="{self.w}" height="{self.h}" fill="#fff"/>\n'
                f'  {body}\n</svg>\n')


def iso(x, y, z, ox, oy, s=1.0):
    """Isometric projection seen from front-right-top; (ox, oy) is where (0,0,0) lands."""
    u = (x + y) * C30 * s
    v = (z + (y - x) / 2) * s
    return ox + u, oy - v
