import math, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from svg import Sheet, iso, C30

OUT = os.path.join(ROOT, 'content/workshops/dibujo-a-mano-alzada-piezas-mecanicas')
os.makedirs(OUT, exist_ok=True)

T = {
 'es': dict(
   kicker='Taller «Dibujo a mano alzada de piezas mecánicas» · Autoformación Colectiva, Integral y Permanente',
   foot_l='EPO-KB · CC BY-SA 4.0 · Imprimir en A4, sin escalar',
   sheet='Hoja',
   front='FRENTE', top='SUPERIOR', side='LATERAL DERECHA',
   scale_note='Cada cuadro de 5 mm = 10 mm de la pieza (escala 1:2)',
   part='Pieza', dims='medidas en mm',
 ),
 'en': dict(
   kicker='Workshop "Freehand drawing of mechanical parts" · Collective, Integral and Permanent Self-Formation',
   foot_l='EPO-KB · CC BY-SA 4.0 · Print on A4, do not scale',
   sheet='Sheet',
   front='FRONT', top='TOP', side='RIGHT SIDE',
   scale_note='Each 5 mm square = 10 mm of the part (scale 1:2)',
   part='Part', dims='dimensions in mm',
 ),
}

HID = '1.6 1.0'
CEN = '4 1 0.6 1'

# ---------------------------------------------------------------- shapes
# Each shape: iso edges (3D segments), labels for dims, ortho views in part mm.
# Views: dict view -> list of (kind, data) with kind in poly/line/hline/cline/circle; coords
# front: (x, z); top: (x, y); side: (y, z)

SHAPES = {
 'A': dict(
   size=(60, 40, 45),
   edges=[
     # front face of base
     ((0,0,0),(60,0,0)), ((0,0,0),(0,0,15)), ((0,0,15),(60,0,15)), ((60,0,0),(60,0,15)),
     # base top
     ((0,0,15),(0,25,15)), ((0,25,15),(60,25,15)),
     ((60,0,15),(60,25,15)),
     # upright front face
     ((0,25,15),(0,25,45)), ((0,25,45),(60,25,45)), ((60,25,15),(60,25,45)),
     # upright top
     ((0,25,45),(0,40,45)), ((0,40,45),(60,40,45)), ((60,25,45),(60,40,45)),
     # right face
     ((60,0,0),(60,40,0)), ((60,40,0),(60,40,45)),
   ],
   labels=[((30,0,0),'60',(0,4)), ((60,20,0),'40',(4,3)), ((0,25,30),'45',(-5,0)),
           ((0,0,7.5),'15',(-5,0)), ((0,12.5,15),'25',(-5,-1)), ((60,32.5,45),'15',(4,0))],
   views={
     'front': [('poly', [(0,0),(60,0),(60,45),(0,45)]), ('line', [(0,15),(60,15)])],
     'top': [('poly', [(0,0),(60,0),(60,40),(0,40)]), ('line', [(0,25),(60,25)])],
     'side': [('poly', [(0,0),(40,0),(40,45),(25,45),(25,15),(0,15)])],
   }),
 'B': dict(
   size=(60, 40, 20),
   edges=[
     ((0,0,0),(60,0,0)), ((0,0,0),(0,0,20)), ((0,0,20),(60,0,20)), ((60,0,0),(60,0,20)),
     ((60,0,0),(60,40,0)), ((60,40,0),(60,40,20)),
     ((0,0,20),(0,40,20)), ((0,40,20),(60,40,20)), ((60,0,20),(60,40,20)),
   ],
   hole=dict(c=(30,20,20), r=8),
   labels=[((30,0,0),'60',(0,4)), ((60,20,0),'40',(4,3)), ((0,0,10),'20',(-5,0)),
           ((30,20,20),'⌀16',(0,-7)), ((30,10,20),'',(0,0))],
   views={
     'front': [('poly', [(0,0),(60,0),(60,20),(0,20)]), ('hid', [(22,0),(22,20)]),
               ('hid', [(38,0),(38,20)]), ('cen', [(30,-4),(30,24)])],
     'top': [('poly', [(0,0),(60,0),(60,40),(0,40)]), ('circle', (30,20,8)),
             ('cen', [(18,20),(42,20)]), ('cen', [(30,8-4),(30,32+4)])],
     'side': [('poly', [(0,0),(40,0),(40,20),(0,20)]), ('hid', [(12,0),(12,20)]),
              ('hid', [(28,0),(28,20)]), ('cen', [(20,-4),(20,24)])],
   }),
 'C': dict(
   size=(60, 40, 30),
   edges=[
     # front face polygon
     ((0,0,0),(60,0,0)), ((60,0,0),(60,0,30)), ((60,0,30),(40,0,30)), ((40,0,30),(40,0,20)),
     ((40,0,20),(20,0,20)), ((20,0,20),(20,0,30)), ((20,0,30),(0,0,30)), ((0,0,30),(0,0,0)),
     # right face
     ((60,0,0),(60,40,0)), ((60,40,0),(60,40,30)), ((60,40,30),(60,0,30)),
     # tower top
     ((40,0,30),(40,40,30)), ((40,40,30),(60,40,30)),
     # slot floor and wall at x=20
     ((20,0,20),(20,40,20)), ((20,40,20),(30,40,20)), ((20,40,20),(20,40,30)),
     # left block top
     ((0,0,30),(0,40,30)), ((0,40,30),(20,40,30)), ((20,0,30),(20,40,30)),
   ],
   labels=[((30,0,0),'60',(0,4)), ((60,20,0),'40',(4,3)), ((0,0,15),'30',(-5,0)),
           ((30,0,20),'20',(0,4)), ((20,0,25),'10',(-4,1))],
   views={
     'front': [('poly', [(0,0),(60,0),(60,30),(40,30),(40,20),(20,20),(20,30),(0,30)])],
     'top': [('poly', [(0,0),(60,0),(60,40),(0,40)]), ('line', [(20,0),(20,40)]),
             ('line', [(40,0),(40,40)])],
     'side': [('poly', [(0,0),(40,0),(40,30),(0,30)]), ('hid', [(0,20),(40,20)])],
   }),
}


def draw_iso(s, shape, ox, oy, sc, labels=True, arrow=True, t=None):
    for a, b in shape['edges']:
        p, q = iso(*a, ox, oy, sc), iso(*b, ox, oy, sc)
        s.line(*p, *q, w=0.5)
    if 'hole' in shape:
        (cx, cy, cz), r = shape['hole']['c'], shape['hole']['r']
        pts = [iso(cx + r * math.cos(a), cy + r * math.sin(a), cz, ox, oy, sc)
               for a in [i * math.pi / 24 for i in range(48)]]
        s.poly(pts, w=0.5)
    if labels:
        for (x, y, z), txt, (dx, dy) in shape['labels']:
            if txt:
                u, v = iso(x, y, z, ox, oy, sc)
                s.text(u + dx, v + dy, txt, size=3, anchor='middle', color='#333')
    if arrow:
        # arrow pointing at the front face, labelled F
        u0, v0 = iso(30, -22, 4, ox, oy, sc)
        u1, v1 = iso(30, -3, 4, ox, oy, sc)
        s.line(u0, v0, u1, v1, w=0.3)
        ang = math.atan2(v1 - v0, u1 - u0) + math.pi
        hd = 2.0
        s.poly([(u1, v1), (u1 + hd * math.cos(ang + 0.35), v1 + hd * math.sin(ang + 0.35)),
                (u1 + hd * math.cos(ang - 0.35), v1 + hd * math.sin(ang - 0.35))], w=0.1, fill='#000')
        s.text(u0 - 2.5, v0 + 2.5, 'F', size=3.4, weight='bold', anchor='middle')


def draw_view(s, items, ox, oy, sc, kind):
    """ox, oy = where view-origin (0,0) lands (bottom-left); y up in view coordinates."""
    def P(pt):
        return ox + pt[0] * sc, oy - pt[1] * sc
    for k, data in items:
        if k == 'poly':
            s.poly([P(p) for p in data], w=0.6)
        elif k == 'line':
            s.line(*P(data[0]), *P(data[1]), w=0.6)
        elif k == 'hid':
            s.line(*P(data[0]), *P(data[1]), w=0.35, dash=HID)
        elif k == 'cen':
            s.line(*P(data[0]), *P(data[1]), w=0.2, dash=CEN)
        elif k == 'circle':
            cx, cy, r = data
            x, y = P((cx, cy))
            s.circle(x, y, r * sc, w=0.6)


def view_boxes(s, x0, y0, t, solved=None):
    """Third-angle layout: TOP above FRONT, RIGHT SIDE to the right of FRONT. Box 50x40 each."""
    bw, bh, gap = 50, 40, 6
    boxes = {'top': (x0, y0), 'front': (x0, y0 + bh + gap), 'side': (x0 + bw + gap, y0 + bh + gap)}
    names = {'top': t['top'], 'front': t['front'], 'side': t['side']}
    for k, (bx, by) in boxes.items():
        s.grid(bx, by, bw, bh)
        s.rect(bx, by, bw, bh, sw=0.3, color='#777')
        s.text(bx + 1, by - 1.2, names[k], size=2.8, weight='bold', color='#333')
    if solved:
        # place each view at scale 0.5 with origin at box offsets aligned on the grid
        sc = 0.5
        fx, fy = boxes['front']
        draw_view(s, solved['views']['front'], fx + 10, fy + bh - 5, sc, 'front')
        tx, ty = boxes['top']
        draw_view(s, solved['views']['top'], tx + 10, ty + bh - 10, sc, 'top')
        sx, sy = boxes['side']
        draw_view(s, solved['views']['side'], sx + 15, sy + bh - 5, sc, 'side')
    return boxes


def sheet1(lang):
    t = T[lang]
    title = {'es': 'Hoja 1 · Líneas, círculos y proporciones', 'en': 'Sheet 1 · Lines, circles and proportions'}[lang]
    s = Sheet(title, lang)
    s.header(t['kicker'], {'es': 'Calentamiento: el lápiz obedece al brazo, no a la muñeca.',
                           'en': 'Warm-up: the pencil follows the arm, not the wrist.'}[lang])
    ins = {'es': ['Marque siempre el punto de inicio y el de llegada. Mire el punto de llegada, no la punta del lápiz.',
                  'Trace primero suave, sin apretar; cuando la línea esté bien, repásela más fuerte.',
                  'Si la línea sale torcida, no borre: trace otra al lado. Borrar viene al final.'],
           'en': ['Always mark the starting and the end point. Look at the end point, not at the pencil tip.',
                  'Draw lightly first, without pressing; when the line is right, go over it more firmly.',
                  'If the line comes out crooked, do not erase: draw another one beside it. Erasing comes last.']}[lang]
    y = s.para(12, 37, ins, size=3.1)
    # Ex 1 horizontal
    y += 3
    s.text(12, y, {'es': '1. Líneas horizontales: una los puntos.', 'en': '1. Horizontal lines: join the dots.'}[lang], size=3.6, weight='bold')
    for i in range(4):
        yy = y + 5 + i * 5.5
        for (a, b) in ((18, 96), (114, 192)):
            s.dot(a, yy); s.dot(b, yy)
    y += 5 + 4 * 5.5 + 2
    # Ex 2 vertical
    s.text(12, y, {'es': '2. Líneas verticales.', 'en': '2. Vertical lines.'}[lang], size=3.6, weight='bold')
    for i in range(14):
        xx = 18 + i * 13
        s.dot(xx, y + 4); s.dot(xx, y + 26)
    y += 32
    # Ex 3 inclined
    s.text(12, y, {'es': '3. Líneas inclinadas a 30° y a 45° (como en el dibujo isométrico).',
                   'en': '3. Lines at 30° and 45° (as in isometric drawing).'}[lang], size=3.6, weight='bold')
    L = 26
    for i in range(3):
        x1, y1 = 16 + i * 30, y + 22
        s.dot(x1, y1); s.circle(x1 + L * C30, y1 - L * 0.5, 0.9, w=0.3)
        if i == 0:
            s.line(x1, y1, x1 + L * C30, y1 - L * 0.5, w=0.2, dash='0.6 1.2', color='#777')
    for i in range(3):
        x1, y1 = 112 + i * 28, y + 22
        d = 18
        s.dot(x1, y1); s.circle(x1 + d, y1 - d, 0.9, w=0.3)
        if i == 0:
            s.line(x1, y1, x1 + d, y1 - d, w=0.2, dash='0.6 1.2', color='#777')
    s.text(16, y + 27, {'es': '30°: de cada punto al círculo (la primera, de ejemplo)', 'en': '30°: from each dot to the circle (the first is an example)'}[lang], size=2.7, color='#555')
    s.text(112, y + 27, '45°', size=2.7, color='#555')
    y += 33
    # Ex 4 circles
    s.text(12, y, {'es': '4. Círculos dentro de un cuadrado: cuadrado, ejes, diagonales, ocho puntos, arco.',
                   'en': '4. Circles inside a square: square, centre lines, diagonals, eight points, arc.'}[lang], size=3.6, weight='bold')
    yy = y + 5
    size = 24
    for step in range(4):
        bx = 14 + step * 30
        s.rect(bx, yy, size, size, sw=0.4)
        cx, cy, r = bx + size / 2, yy + size / 2, size / 2
        if step >= 1:
            s.line(cx, yy - 1, cx, yy + size + 1, w=0.2, dash=CEN); s.line(bx - 1, cy, bx + size + 1, cy, w=0.2, dash=CEN)
        if step >= 2:
            s.line(bx, yy, bx + size, yy + size, w=0.15, color='#777'); s.line(bx + size, yy, bx, yy + size, w=0.15, color='#777')
            for a in range(8):
                ang = a * math.pi / 4
                s.dot(cx + r * math.cos(ang), cy + r * math.sin(ang), r=0.7)
        if step >= 3:
            s.circle(cx, cy, r, w=0.5)
        s.text(bx + size / 2, yy + size + 4.5, f'{step + 1}', size=3, anchor='middle', color='#555')
    for j, sz in enumerate((24, 30)):
        bx = 136 + j * 30
        s.rect(bx, yy, sz, sz, sw=0.3, color='#555')
    y = yy + 38
    note = {'es': 'En la diagonal, el círculo pasa a unos 7/10 del camino entre el centro y la esquina.',
            'en': 'On the diagonal, the circle passes about 7/10 of the way from the centre to the corner.'}[lang]
    s.text(14, y - 2, note, size=2.8, color='#444', style='italic')
    y += 4
    # Ex 5 proportion
    s.text(12, y, {'es': '5. Proporción: copie la pieza de la izquierda al doble de tamaño, contando cuadros.',
                   'en': '5. Proportion: copy the part on the left at twice the size, counting squares.'}[lang], size=3.6, weight='bold')
    yy = y + 3
    gx, gy = 14, yy + 4
    s.grid(gx, gy, 40, 35, step=5)
    # a bracket outline on 5 mm grid (units = squares)
    shape = [(1, 6), (7, 6), (7, 4), (5, 4), (5, 1), (3, 1), (3, 4), (1, 4)]
    s.poly([(gx + a * 5, gy + b * 5) for a, b in shape], w=0.7)
    s.circle(gx + 4 * 5, gy + 2.5 * 5, 3, w=0.6)
    s.grid(70, yy + 4, 80, 70, step=10)
    s.footer(t['foot_l'], f"{t['sheet']} 1/4")
    return s


def sheet2(lang):
    t = T[lang]
    title = {'es': 'Hoja 2 · Las tres vistas', 'en': 'Sheet 2 · The three views'}[lang]
    s = Sheet(title, lang)
    s.header(t['kicker'], {'es': 'Mire la pieza desde el frente (flecha F), desde arriba y desde la derecha.',
                           'en': 'Look at the part from the front (arrow F), from above and from the right.'}[lang])
    ins = {'es': ['Dibuje cada vista en su recuadro. Aristas visibles: línea continua y gruesa. Aristas ocultas:',
                  'trazos cortos. Ejes de agujeros: trazo largo y punto. ' + t['scale_note'] + '.',
                  'Las vistas quedan alineadas: lo que está a la misma altura en el FRENTE queda a la misma altura',
                  'en la LATERAL; lo que está a la misma distancia en el FRENTE queda igual en la SUPERIOR.'],
           'en': ['Draw each view in its box. Visible edges: thick continuous line. Hidden edges: short dashes.',
                  'Hole centre lines: long dash and dot. ' + t['scale_note'] + '.',
                  'The views line up: what is at the same height in the FRONT is at the same height in the SIDE;',
                  'what is at the same distance across the FRONT is the same in the TOP view.']}[lang]
    s.para(12, 37, ins, size=3.0)
    for i, key in enumerate(('A', 'B')):
        y0 = 60 + i * 110
        s.text(12, y0, f"{t['part']} {key} ({t['dims']})", size=3.6, weight='bold')
        draw_iso(s, SHAPES[key], 16, y0 + 52 if key == 'A' else y0 + 50, 0.62, t=t)
        view_boxes(s, 88, y0 + 8, t)
    s.footer(t['foot_l'], f"{t['sheet']} 2/4")
    return s


def sheet3(lang):
    t = T[lang]
    title = {'es': 'Hoja 3 · Boceto isométrico', 'en': 'Sheet 3 · Isometric sketch'}[lang]
    s = Sheet(title, lang)
    s.header(t['kicker'], {'es': 'Tres ejes: uno vertical y dos a 30° de la horizontal.',
                           'en': 'Three axes: one vertical and two at 30° from the horizontal.'}[lang])
    # axes diagram
    ox, oy = 32, 72
    s.line(ox, oy, ox, oy - 28, w=0.6)
    s.line(ox, oy, ox - 26 * C30, oy - 13, w=0.6)
    s.line(ox, oy, ox + 26 * C30, oy - 13, w=0.6)
    s.line(ox - 26, oy, ox + 26, oy, w=0.2, dash='1 1', color='#777')
    s.text(ox + 10, oy - 1.5, '30°', size=2.6, color='#555'); s.text(ox - 15, oy - 1.5, '30°', size=2.6, color='#555')
    lab = {'es': ('alto', 'ancho', 'fondo'), 'en': ('height', 'width', 'depth')}[lang]
    s.text(ox + 1.5, oy - 29, lab[0], size=2.8); s.text(ox - 27, oy - 15, lab[1], size=2.8); s.text(ox + 20, oy - 15, lab[2], size=2.8)
    ins = {'es': ['1. Empiece por la «caja» que envuelve toda la pieza: la esquina más cercana abajo,',
                  '   luego el alto en vertical, el ancho y el fondo a 30°.',
                  '2. Las medidas se llevan sobre los ejes, nunca en diagonal.',
                  '3. Recorte la caja: quite los escalones, ranuras y esquinas que no son material.',
                  '4. Los círculos se ven como óvalos (elipses) dentro de un rombo.',
                  '5. Repase solo las aristas visibles; las ocultas no se dibujan en isométrico.'],
           'en': ['1. Start with the "box" that encloses the whole part: nearest corner at the bottom,',
                  '   then the height upright, the width and depth at 30°.',
                  '2. Measure only along the axes, never along a diagonal.',
                  '3. Cut the box down: remove the steps, slots and corners that are not material.',
                  '4. Circles appear as ovals (ellipses) inside a rhombus.',
                  '5. Go over the visible edges only; hidden edges are not drawn in isometric.']}[lang]
    s.para(70, 42, ins, size=3.0)
    # exercise 1: box on dot grid
    y = 84
    s.text(12, y, {'es': 'Ejercicio 1: dibuje una caja de 6 × 4 × 3 puntos, luego quítele una esquina.',
                   'en': 'Exercise 1: draw a box of 6 × 4 × 3 dots, then cut one corner off it.'}[lang], size=3.5, weight='bold')
    s.iso_dots(14, y + 5, 180, 50)
    y = 146
    s.text(12, y, {'es': 'Ejercicio 2: dibuje en isométrico la pieza C, dada por sus tres vistas (medidas en mm).',
                   'en': 'Exercise 2: draw part C in isometric from its three views (dimensions in mm).'}[lang], size=3.5, weight='bold')
    # three views of C at scale 0.5
    sc = 0.5
    vx, vy = 18, y + 45
    draw_view(s, SHAPES['C']['views']['top'], vx, vy - 18, sc, 'top')
    draw_view(s, SHAPES['C']['views']['front'], vx, vy + 20, sc, 'front')
    draw_view(s, SHAPES['C']['views']['side'], vx + 36, vy + 20, sc, 'side')
    s.text(vx, vy - 40, t['top'], size=2.5, weight='bold', color='#333')
    s.text(vx, vy + 2, t['front'], size=2.5, weight='bold', color='#333')
    s.text(vx + 36, vy + 2, t['side'], size=2.5, weight='bold', color='#333')
    # dims on front view
    s.arrow(vx, vy + 24, vx + 30, vy + 24); s.text(vx + 15, vy + 28, '60', size=2.6, anchor='middle')
    s.arrow(vx + 10, vy + 8.5, vx + 20, vy + 8.5); s.text(vx + 15, vy + 7.5, '20', size=2.4, anchor='middle')
    s.arrow(vx - 3, vy + 20, vx - 3, vy + 5); s.text(vx - 4.5, vy + 12.5, '30', size=2.4, anchor='end')
    s.arrow(vx + 36, vy + 24, vx + 56, vy + 24); s.text(vx + 46, vy + 28, '40', size=2.6, anchor='middle')
    s.arrow(vx + 23, vy + 5, vx + 23, vy + 10); s.text(vx + 24.5, vy + 8.5, '10', size=2.4)
    s.iso_dots(86, y + 8, 108, 116)
    s.footer(t['foot_l'], f"{t['sheet']} 3/4")
    return s


def sheet4(lang):
    t = T[lang]
    title = {'es': 'Hoja 4 · Croquis de una pieza real', 'en': 'Sheet 4 · Sketch of a real part'}[lang]
    s = Sheet(title, lang)
    s.header(t['kicker'], {'es': 'Un croquis bueno es el que permite a otra persona fabricar la pieza sin verla.',
                           'en': 'A good sketch is one that lets another person make the part without seeing it.'}[lang])
    s.grid(12, 36, 186, 165, step=5, color='#dddddd')
    s.rect(12, 36, 186, 165, sw=0.4)
    # checklist
    y = 208
    s.text(12, y, {'es': 'Antes de entregar, revise:', 'en': 'Before handing it in, check:'}[lang], size=3.4, weight='bold')
    items = {'es': ['☐ Cada vista lleva su nombre (FRENTE, SUPERIOR,', '   LATERAL, CORTE A-A).',
                    '☐ Están todas las medidas necesarias para fabricarla,', '   tomadas con calibrador, en mm.',
                    '☐ Diámetros con ⌀; roscas con tipo y paso', '   (p. ej. M12 × 1,75).',
                    '☐ Las medidas que deben ajustar con otra pieza', '   llevan su tolerancia.',
                    '☐ Hay un corte donde los huecos interiores', '   no se ven claros en las vistas.',
                    '☐ Nadie tuvo que preguntarle nada para', '   entender el croquis.'],
             'en': ['☐ Each view carries its name (FRONT, TOP, SIDE,', '   SECTION A-A).',
                    '☐ Every dimension needed to make it is there,', '   taken with a caliper, in mm.',
                    '☐ Diameters with ⌀; threads with type and pitch', '   (e.g. M12 × 1.75).',
                    '☐ Dimensions that must fit another part carry', '   their tolerance.',
                    '☐ There is a section wherever inner cavities', '   are not clear in the views.',
                    '☐ Nobody had to ask you anything to', '   understand the sketch.']}[lang]
    s.para(14, y + 5.5, items, size=2.9)
    # title block
    bx, by, bw = 118, 204, 80
    rows = {'es': ['Pieza:', 'Máquina / conjunto:', 'Material:', 'Cantidad:', 'Dibujó:', 'Revisó:', 'Fecha:', 'Escala: sin escala'],
            'en': ['Part:', 'Machine / assembly:', 'Material:', 'Quantity:', 'Drawn by:', 'Checked by:', 'Date:', 'Scale: not to scale']}[lang]
    h = 7.0
    for i, r in enumerate(rows):
        s.rect(bx, by + i * h, bw, h, sw=0.3)
        s.text(bx + 1.5, by + i * h + 5, r, size=2.9)
    s.footer(t['foot_l'], f"{t['sheet']} 4/4")
    return s


def reference(lang):
    t = T[lang]
    title = {'es': 'Hoja de referencia · Dibujo de piezas', 'en': 'Reference sheet · Drawing parts'}[lang]
    s = Sheet(title, lang)
    s.header(t['kicker'], {'es': 'Para tener a mano durante el taller y después, en el taller de la planta.',
                           'en': 'To keep at hand during the workshop and afterwards, in the plant workshop.'}[lang])
    # 1. line types
    y = 40
    s.text(12, y, {'es': '1. Tipos de línea', 'en': '1. Line types'}[lang], size=3.8, weight='bold')
    lt = {'es': ['Arista visible: continua, gruesa', 'Arista oculta: trazos cortos, media',
                 'Eje o centro: trazo largo y punto, fina', 'Cota: fina, con flechas', 'Rayado de corte: finas, a 45°'],
          'en': ['Visible edge: continuous, thick', 'Hidden edge: short dashes, medium',
                 'Centre line: long dash and dot, thin', 'Dimension: thin, with arrows', 'Section hatching: thin, at 45°']}[lang]
    for i, txt in enumerate(lt):
        yy = y + 6 + i * 6
        if i == 0: s.line(14, yy, 44, yy, w=0.7)
        if i == 1: s.line(14, yy, 44, yy, w=0.4, dash=HID)
        if i == 2: s.line(14, yy, 44, yy, w=0.2, dash=CEN)
        if i == 3: s.arrow(14, yy, 44, yy)
        if i == 4:
            for k in range(7):
                s.line(14 + k * 4, yy + 2, 18 + k * 4, yy - 2, w=0.2)
        s.text(48, yy + 1, txt, size=2.9)
    # 2. views layout
    x2 = 112
    s.text(x2, y, {'es': '2. Dónde va cada vista', 'en': '2. Where each view goes'}[lang], size=3.8, weight='bold')
    bw, bh = 20, 12
    s.rect(x2 + 2, y + 5, bw, bh, sw=0.4); s.text(x2 + 2 + bw / 2, y + 12, t['top'], size=2.2, anchor='middle')
    s.rect(x2 + 2, y + 20, bw, bh, sw=0.4); s.text(x2 + 2 + bw / 2, y + 27, t['front'], size=2.2, anchor='middle')
    s.rect(x2 + 25, y + 20, bw + 4, bh, sw=0.4); s.text(x2 + 27 + bw / 2, y + 27, t['side'], size=1.8, anchor='middle')
    vt = {'es': ['Aquí cada vista va del lado', 'desde donde se mira', '(tercer diedro). Muchos planos',
                 'europeos usan la disposición', 'contraria (primer diedro).', 'Por eso: escriba SIEMPRE', 'el nombre de cada vista.'],
          'en': ['Here each view goes on the', 'side it is seen from', '(third-angle). Many European',
                 'drawings use the opposite', 'layout (first-angle).', 'So ALWAYS write the name', 'of each view.']}[lang]
    s.para(x2 + 53, y + 7, vt, size=2.4)
    # 3. dimensioning example: stepped shaft
    y = 84
    s.text(12, y, {'es': '3. Acotar: ejemplo de un eje escalonado', 'en': '3. Dimensioning: a stepped shaft'}[lang], size=3.8, weight='bold')
    sc = 0.8
    ox, oy = 22, y + 26
    # shaft: dia 30 length 40, then dia 20 length 60, chamfer 1 on small end
    P = lambda x, r: (ox + x * sc, oy - r * sc)
    s.poly([P(0, 15), P(40, 15), P(40, 10), P(99, 10), P(100, 9), P(100, -9), P(99, -10), P(40, -10), P(40, -15), P(0, -15)], w=0.6)
    s.line(*P(40, 10), *P(40, -10), w=0.6)
    s.line(*P(99, 10), *P(99, -10), w=0.4)
    s.line(*P(-4, 0), *P(104, 0), w=0.2, dash=CEN)
    # dims
    s.line(*P(0, -16), *P(0, -30), w=0.15); s.line(*P(100, -11), *P(100, -30), w=0.15); s.line(*P(40, -16), *P(40, -23), w=0.15)
    s.arrow(*P(0, -28.5), *P(100, -28.5)); s.text(*P(50, -27.3), '100', size=2.6, anchor='middle')
    s.arrow(*P(0, -21.5), *P(40, -21.5)); s.text(*P(20, -20.3), '40', size=2.6, anchor='middle')
    s.arrow(*P(20, 15), *P(20, -15)); s.text(P(20, 0)[0] + 1.2, P(20, 0)[1] - 1.5, '⌀30', size=2.6)
    s.arrow(*P(70, 10), *P(70, -10)); s.text(P(70, 0)[0] + 1.2, P(70, 0)[1] - 1.5, '⌀20 h7', size=2.6)
    s.text(P(100, 9)[0] + 2, P(100, 12)[1], '1 × 45°', size=2.6)
    rules = {'es': ['• Cada medida se escribe una sola vez.', '• Las cotas van fuera de la pieza, en mm, sin «mm».',
                    '• Acote desde una misma cara de referencia.', '• ⌀ = diámetro; R = radio.',
                    '• «h7», «±0,02»: tolerancia donde la pieza', '   tiene que ajustar con otra.',
                    '• Mida con calibrador, no con regla.'],
             'en': ['• Each dimension is written only once.', '• Dimensions go outside the part, in mm, without "mm".',
                    '• Dimension from one reference face.', '• ⌀ = diameter; R = radius.',
                    '• "h7", "±0.02": tolerance where the part', '   must fit another one.',
                    '• Measure with a caliper, not a ruler.']}[lang]
    s.para(126, y + 8, rules, size=2.6)
    # 4. section example: flanged bushing
    y = 148
    s.text(12, y, {'es': '4. Corte: un buje con pestaña', 'en': '4. Section: a flanged bushing'}[lang], size=3.8, weight='bold')
    sc = 0.7
    ox, oy = 26, y + 34
    P = lambda x, r: (ox + x * sc, oy - r * sc)
    upper = [P(0, 10), P(0, 30), P(10, 30), P(10, 20), P(50, 20), P(50, 10)]
    lower = [P(0, -10), P(0, -30), P(10, -30), P(10, -20), P(50, -20), P(50, -10)]
    # hatching clipped manually: simple approach with clipPath
    for idx, poly in enumerate((upper, lower)):
        cid = f'clip{idx}'
        pts = ' '.join(f'{a:.2f},{b:.2f}' for a, b in poly)
        s.add(f'<clipPath id="{cid}"><polygon points="{pts}"/></clipPath>')
        g = [f'<g clip-path="url(#{cid})">']
        for k in range(-20, 40):
            x1 = ox - 10 + k * 2.2
            g.append(f'<line x1="{x1:.2f}" y1="{oy + 30:.2f}" x2="{x1 + 60:.2f}" y2="{oy - 30:.2f}" stroke="#000" stroke-width="0.18"/>')
        g.append('</g>')
        s.add(''.join(g))
        s.poly(poly, w=0.6)
    s.line(*P(0, 10), *P(50, 10), w=0.6); s.line(*P(0, -10), *P(50, -10), w=0.6)
    s.line(*P(-4, 0), *P(54, 0), w=0.2, dash=CEN)
    s.text(P(25, 32)[0], P(25, 32)[1], {'es': 'CORTE A-A', 'en': 'SECTION A-A'}[lang], size=2.8, weight='bold', anchor='middle')
    s.arrow(*P(60, 20), *P(60, -20)); s.text(P(60, 0)[0] + 1.2, P(60, 0)[1] - 1.5, '⌀40', size=2.6)
    s.arrow(*P(30, 10), *P(30, -10)); s.text(P(30, 0)[0] + 1.2, P(30, 0)[1] - 1.5, '⌀20', size=2.6)
    s.arrow(*P(-6, 30), *P(-6, -30)); s.text(P(-6, 0)[0] - 1.2, P(-6, 0)[1] - 1.5, '⌀60', size=2.6, anchor='end')
    st = {'es': ['El corte muestra la pieza como si se', 'partiera por el plano A-A y se quitara', 'la mitad de adelante.',
                 'Se raya solo el material cortado;', 'el hueco del agujero queda en blanco.'],
          'en': ['The section shows the part as if it', 'were split along plane A-A and the', 'front half removed.',
                 'Only the cut material is hatched;', 'the bore stays blank.']}[lang]
    s.para(124, y + 10, st, size=2.7)
    # 5. caliper
    y = 214
    s.text(12, y, {'es': '5. Leer el calibrador (pie de rey): ejemplo con nonio de 0,1 mm',
                   'en': '5. Reading the vernier caliper: example with a 0.1 mm vernier'}[lang], size=3.8, weight='bold')
    k = 4.0  # svg units per mm
    ox, oy = 16, y + 14
    for mm in range(0, 31):
        hh = 5 if mm % 10 == 0 else (3.8 if mm % 5 == 0 else 2.6)
        s.line(ox + mm * k, oy, ox + mm * k, oy - hh, w=0.25)
        if mm % 10 == 0:
            s.text(ox + mm * k, oy - 6, str(mm), size=2.6, anchor='middle')
    s.line(ox, oy, ox + 30 * k, oy, w=0.3)
    v0 = 12.4
    s.rect(ox + (v0 - 1) * k, oy, 11 * k, 7, sw=0.3, color='#555')
    for i in range(11):
        x = ox + (v0 + i * 0.9) * k
        hh = 4 if i in (0, 5, 10) else 2.6
        s.line(x, oy, x, oy + hh, w=0.25)
        if i in (0, 5, 10):
            s.text(x, oy + 6.6, str(i), size=2.3, anchor='middle')
    xc = ox + 16 * k
    s.circle(xc, oy, 1.8, w=0.25, color='#000')
    cal = {'es': ['1. Milímetros enteros: los que hay en la regla antes del 0 del nonio → 12.',
                  '2. Busque la raya del nonio que coincide exactamente con una raya de la regla → la 4.',
                  '3. Décimas: 4 × 0,1 = 0,4. Lectura: 12 + 0,4 = 12,4 mm.',
                  'Con nonio de 0,05 o 0,02 mm se hace igual: multiplique por la apreciación grabada.',
                  'Cierre el calibrador antes de medir: si el 0 no coincide con el 0, anótelo y corrija.'],
           'en': ['1. Whole millimetres: those on the main scale before the vernier 0 → 12.',
                  '2. Find the vernier line that lines up exactly with a main-scale line → line 4.',
                  '3. Tenths: 4 × 0.1 = 0.4. Reading: 12 + 0.4 = 12.4 mm.',
                  'A 0.05 or 0.02 mm vernier works the same way: multiply by the resolution engraved on it.',
                  'Close the caliper before measuring: if 0 does not meet 0, write it down and correct.']}[lang]
    s.para(12, y + 30, cal, size=2.9)
    s.footer(t['foot_l'], {'es': 'Referencia', 'en': 'Reference'}[lang])
    return s


def solutions(lang):
    t = T[lang]
    title = {'es': 'Soluciones para quien facilita (hojas 2 y 3)', 'en': 'Answers for the facilitator (sheets 2 and 3)'}[lang]
    s = Sheet(title, lang)
    s.header(t['kicker'], {'es': 'No la reparta antes de la puesta en común: sirve para revisar, no para copiar.',
                           'en': 'Do not hand it out before the debrief: it is for checking, not copying.'}[lang])
    for i, key in enumerate(('A', 'B')):
        y0 = 38 + i * 96
        s.text(12, y0, f"{t['part']} {key}", size=3.6, weight='bold')
        draw_iso(s, SHAPES[key], 16, y0 + 52 if key == 'A' else y0 + 50, 0.62, t=t)
        view_boxes(s, 88, y0 + 8, t, solved=SHAPES[key])
    y0 = 234
    s.text(12, y0, f"{t['part']} C", size=3.6, weight='bold')
    draw_iso(s, SHAPES['C'], 18, y0 + 28, 0.5, labels=False, arrow=False, t=t)
    note = {'es': ['La pared derecha de la ranura queda detrás del bloque derecho:',
                   'en isométrico no se dibuja. En la vista LATERAL, el fondo de la',
                   'ranura aparece como línea oculta.'],
            'en': ['The right wall of the slot is behind the right-hand block: it is',
                   'not drawn in isometric. In the SIDE view, the bottom of the slot',
                   'appears as a hidden line.']}[lang]
    s.para(100, y0 + 12, note, size=2.9)
    s.footer(t['foot_l'], {'es': 'Soluciones', 'en': 'Answers'}[lang])
    return s


NAMES = {
  'es': {'s1': 'hoja-1-lineas-y-proporciones.svg', 's2': 'hoja-2-tres-vistas.svg', 's3': 'hoja-3-isometrico.svg',
         's4': 'hoja-4-croquis-pieza-real.svg', 'ref': 'hoja-de-referencia.svg', 'sol': 'soluciones-hojas-2-y-3.svg'},
  'en': {'s1': 'sheet-1-lines-and-proportions.en.svg', 's2': 'sheet-2-three-views.en.svg', 's3': 'sheet-3-isometric.en.svg',
         's4': 'sheet-4-real-part-sketch.en.svg', 'ref': 'reference-sheet.en.svg', 'sol': 'answers-sheets-2-and-3.en.svg'},
}
if __name__ == '__main__':
    for lang in ('es', 'en'):
        for key, fn in (('s1', sheet1), ('s2', sheet2), ('s3', sheet3), ('s4', sheet4), ('ref', reference), ('sol', solutions)):
            path = os.path.join(OUT, NAMES[lang][key])
            open(path, 'w', encoding='utf-8').write(fn(lang).svg())
            print(path)
